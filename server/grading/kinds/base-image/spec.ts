/** `base-image` (static): the final stage's FROM names the official image and tag asked. */
import { z } from "zod";
import { baseFields, dockerfileField } from "../spec-fields";

export const baseImageSpec = z.object({
  ...baseFields,
  kind: z.literal("base-image"),
  file: dockerfileField,
  image: z.string().describe("Repository of the final stage's FROM, e.g. 'debian' (official library image)"),
  tag: z.string().default("latest").describe("Required tag; an omitted tag counts as 'latest'"),
});
