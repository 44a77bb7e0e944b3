/**
 * `archive-removed`: an archive a RUN downloads (wget, curl) is deleted by that same RUN, once
 * extracted. A layer keeps every file that exists when its RUN ends: deleting the archive in a
 * later RUN hides it but leaves its bytes in the image. A download streamed into a pipe
 * (`wget -qO- … | tar x`) never lands on disk: nothing to delete.
 */
import { say } from "../../../../lib/i18n/text-ref";
import { archiveFormatOf } from "../../kinds/archive-download/judge";
import { matchesGlob } from "../../judges/patterns";
import type { RunCommand } from "../../dockerfile/run-commands";
import { findDownloads } from "../../shell/downloads";
import type { LintRule, RuleViolation } from "../lint-rule";

const baseName = (path: string) => path.replace(/\/+$/, "").slice(path.replace(/\/+$/, "").lastIndexOf("/") + 1);

const folderOf = (path: string) => path.slice(0, path.lastIndexOf("/"));

/**
 * Whether `command` is an `rm` that removes the file saved at `saved`: by its path or a glob of
 * it (`rm latest.zip`, `rm /tmp/*.zip`; relative names are compared by name, the folder being
 * unknown), or a folder holding it removed recursively (`rm -rf /tmp/wp`).
 */
function removes(command: RunCommand, saved: string): boolean {
  if (command.name !== "rm") return false;
  const recursive = command.args.some((a) => a.value === "--recursive" || /^-[a-zA-Z]*[rR]/.test(a.value));
  return command.args
    .map((a) => a.value)
    .filter((path) => !path.startsWith("-"))
    .some((path) => {
      const sameFolder = !path.includes("/") || !saved.includes("/") || folderOf(path) === folderOf(saved);
      if (sameFolder && matchesGlob(baseName(saved), baseName(path))) return true;
      const folder = path.replace(/\/\*?$/, "");
      return recursive && saved.startsWith("/") && folder.startsWith("/") && saved.startsWith(`${folder}/`);
    });
}

export const archiveRemoved: LintRule = {
  id: "archive-removed",
  level: "warning",
  summary: "a downloaded archive is deleted by the RUN that downloaded it",
  check: (target) => {
    const runs = target.runs.filter(target.isInFinalImage);
    return runs.flatMap((run, index): RuleViolation[] => {
      const commands = target.commandsOf(run);
      return findDownloads(commands).flatMap((download): RuleViolation[] => {
        const saved = download.output;
        if (!saved || saved === "-" || !archiveFormatOf(saved)) return [];
        const at = commands.findIndex((c) => c.offset >= download.offset);
        if (commands.slice(Math.max(at, 0)).some((c) => removes(c, saved))) return [];
        const line = commands[Math.max(at, 0)]?.line ?? run.startLine;
        const laterRun = runs.slice(index + 1).find((r) => target.commandsOf(r).some((c) => removes(c, saved)));
        const name = baseName(saved);
        return [
          {
            line,
            message: laterRun ? say("lint.archiveDeletedLater", { name, line: laterRun.startLine }) : say("lint.archiveKept", { name }),
          },
        ];
      });
    });
  },
};
