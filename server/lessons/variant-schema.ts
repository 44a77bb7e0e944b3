/**
 * The shape of a declared variant (lessons/NN-slug/variants/<name>/variant.yaml): a copy of the
 * lesson's solution or starter with a few changes, and the checks it must fail. The content tests
 * and `npm run lessons:validate --prove` grade every variant and compare with what it declares.
 */
import { z } from "zod";

export const VARIANT_FILE = "variant.yaml";
/** Whole files a variant lays over its starting point sit in this sub-folder of the variant's folder. */
export const VARIANT_FILES_DIR = "files";

const checkIds = z.array(z.string().min(1).describe("A check id of checks.yaml (or a kept check, stepN-ID)"));

export const replacementSchema = z
  .object({
    file: z.string().min(1).describe("The file to edit, relative to the step folder (e.g. Dockerfile, api/Dockerfile)"),
    replace: z.string().min(1).describe("Literal text of that file to replace; the variant is invalid when the file does not contain it"),
    with: z.string().describe("The text put in its place (\"\" removes it)"),
    all: z.boolean().default(false).describe("Replace every occurrence; without it the text must occur exactly once"),
  })
  .strict();

export const variantSchema = z
  .object({
    description: z.string().min(1).describe("What the variant gets wrong (or right), in one sentence; shown with its verdict"),
    from: z.enum(["solution", "starter"]).default("solution").describe("The folder the variant starts from: solution/<folder>/ or starter/<folder>/"),
    replacements: z.array(replacementSchema).default([]).describe("Literal text replacements applied in order, after the whole files of files/"),
    remove: z.array(z.string().min(1)).default([]).describe("Files of the starting point left out of the variant, relative to the step folder"),
    fails: checkIds
      .optional()
      .describe("Exactly these checks fail, the checks depending on them are skipped and every other check passes; [] means every check passes"),
    "fails-at-least": checkIds.min(1).optional().describe("These checks fail; what the others do is not judged"),
  })
  .strict()
  .refine((v) => (v.fails === undefined) !== (v["fails-at-least"] === undefined), {
    message: "give either fails or fails-at-least (one of them)",
    path: ["fails"],
  });

export type VariantSpec = z.infer<typeof variantSchema>;
export type Replacement = z.infer<typeof replacementSchema>;
