/** `archive-download` (static): a RUN downloads an archive of the format asked and extracts it. */
import { z } from "zod";
import { baseFields, dockerfileField } from "../spec-fields";

export const archiveDownloadSpec = z.object({
  ...baseFields,
  kind: z.literal("archive-download"),
  file: dockerfileField,
  format: z.enum(["zip", "tar.gz"]).describe("Archive format the download must use"),
  urlPattern: z.string().optional().describe("Regex the archive URL must match, e.g. 'wordpress'"),
});
