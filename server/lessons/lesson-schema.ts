/**
 * The shape of a lesson folder's front matter (lesson.md). Validated with zod when lessons load,
 * so a teacher's mistake is reported with the field's name, not as a crash.
 */
import { z } from "zod";

export const lessonFrontMatterSchema = z.object({
  title: z.string().min(1).describe("Lesson title shown in the course list and page header"),
  step: z.number().int().min(1).describe("Step number; lessons are listed in this order"),
  folder: z.string().regex(/^[A-Za-z0-9._-]+$/).describe("Exact workspace folder the student works in"),
  summary: z.string().default("").describe("One sentence for the course list"),
  goals: z.array(z.string()).min(1).describe("What the student will be able to do afterwards"),
  estimatedMinutes: z.number().int().positive().describe("Typical time to finish, in minutes"),
  previousFolder: z.string().optional().describe("Folder of the previous step, offered as a starting copy"),
  preview: z
    .object({
      port: z.number().int().min(1).max(65535).describe("Port published in the student's engine"),
      path: z.string().startsWith("/").describe("Path the workbench proxies to it, e.g. /wordpress/"),
      label: z.string().default("Open the site"),
      alsoPaths: z
        .array(z.string().startsWith("/"))
        .default([])
        .describe("More path prefixes proxied to the same port, for a site served at the root (e.g. /wp-login.php, /wp-includes/)"),
    })
    .optional()
    .describe("A link from the workbench to the service the student runs"),
  cluster: z
    .object({ nodes: z.literal(3).describe("node1 (the swarm manager, with the workspace), node2 and node3") })
    .optional()
    .describe("Step 9: the student works on a three-node cluster (needs WB_CLUSTER_MODE=privileged-caps)"),
});
export type LessonFrontMatter = z.infer<typeof lessonFrontMatterSchema>;

/**
 * The front matter of a lesson's translation (lesson.<locale>.md, e.g. lesson.fr.md): only what
 * a reader sees; step, folder, timing, preview and cluster stay those of lesson.md.
 */
export const lessonTranslationFrontMatterSchema = z
  .object({
    title: z.string().min(1).describe("The lesson title, translated"),
    summary: z.string().default("").describe("The one-sentence summary, translated"),
    goals: z.array(z.string().min(1)).min(1).describe("The goals, translated, as many and in the same order as lesson.md's"),
    previewLabel: z.string().min(1).optional().describe("The preview link's label, translated (when lesson.md has a preview)"),
  })
  .strict();
export type LessonTranslationFrontMatter = z.infer<typeof lessonTranslationFrontMatterSchema>;
