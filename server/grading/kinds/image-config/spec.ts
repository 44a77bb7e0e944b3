/** `image-config` (dynamic): the built image's configuration (Env, User, exposed ports, volumes). */
import { z } from "zod";
import { baseFields, variableSpecSchema } from "../spec-fields";

export const imageConfigSpec = z.object({
  ...baseFields,
  kind: z.literal("image-config"),
  image: z.string().describe("Image tag to inspect (built by a build check)"),
  env: z.array(variableSpecSchema).default([]).describe("Variables the image config's Env must hold"),
  user: z.string().optional().describe("User the image config must name (USER); 'mysql' also accepts 'mysql:group'"),
  exposedPorts: z.array(z.string()).default([]).describe("Ports the image must expose, e.g. '80/tcp' (no protocol means tcp)"),
  volumes: z.array(z.string()).default([]).describe("Container paths the image must declare as volumes (VOLUME)"),
});
