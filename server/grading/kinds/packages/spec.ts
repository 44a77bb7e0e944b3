/** `packages` (dynamic, static fallback): packages installed, or not, in the image the step's build produced. */
import { z } from "zod";
import { baseFields, dockerfileField } from "../spec-fields";

/** A package requirement met by any of the names; `*` is a wildcard (`php*-mysql`). */
export const packageAlternativesSchema = z.object({
  anyOf: z.array(z.string()).min(1).describe("Package names (globs), any one of which meets the requirement"),
  describe: z.string().describe("Human name, e.g. 'PHP's MySQL extension'"),
});

export const packagesSpec = z.object({
  ...baseFields,
  kind: z.literal("packages"),
  file: dockerfileField,
  installed: z.array(packageAlternativesSchema).default([]).describe("Packages that must be installed, each met by any of its names"),
  notInstalled: z.array(z.string()).default([]).describe("Packages that must not be installed"),
});
