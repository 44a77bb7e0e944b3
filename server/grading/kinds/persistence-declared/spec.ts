/** `persistence-declared` (static): the container paths asked persist, by VOLUME or by a named volume of the documented run command. */
import { z } from "zod";
import { baseFields, dockerfileField } from "../spec-fields";

export const persistenceDeclaredSpec = z.object({
  ...baseFields,
  kind: z.literal("persistence-declared"),
  file: dockerfileField,
  paths: z.array(z.string().startsWith("/")).min(1).describe("Container paths that must persist: a VOLUME instruction, or a named volume in the docker run command of the closing comments"),
});
