/**
 * `no-tool-impostors`: the Dockerfile does not put its own file in place of a program the lab's
 * tools or servers are (apt-get, dpkg, wget, unzip, the mariadb client, apache2, mariadbd…): no
 * `cp`/`mv`/`ln`/`install`/`tee`/`>` onto such a name in a program folder, and no COPY/ADD to one.
 * A shadowed apt-get that does nothing, or a sleep renamed mariadbd, only fools a grader that
 * trusts the image; this one does not (it reads processes and packages with its own tools), and
 * says so early, on the line.
 */
import { say, type TextRef, type TextValue } from "../../../../lib/i18n/text-ref";
import { literalValue } from "../../shell/shell-syntax";
import { copySources } from "../../dockerfile/copy-sources";
import type { LintRule, RuleViolation } from "../lint-rule";
import type { LintTarget } from "../lint-target";

const TOOLS = new Set([
  "apt",
  "apt-get",
  "apt-cache",
  "dpkg",
  "dpkg-query",
  "wget",
  "curl",
  "unzip",
  "tar",
  "mariadb",
  "mysql",
  "mariadb-admin",
  "mysqladmin",
  "mariadbd",
  "mysqld",
  "mariadbd-safe",
  "mysqld_safe",
  "apache2",
  "apache2ctl",
  "httpd",
  "php",
  "sh",
  "bash",
  "dash",
  "ps",
]);
const PROGRAM_FOLDER = /^(\/usr)?(\/local)?\/s?bin\/?$/;
const WRITERS = new Set(["cp", "mv", "ln", "install", "tee"]);

const baseName = (path: string) => path.slice(path.lastIndexOf("/") + 1);
const folderOf = (path: string) => path.slice(0, path.lastIndexOf("/")) || "/";

/** The program a path writes over, when it is a tool's name in a program folder. */
function shadowedTool(path: string, copiedName?: string): string | undefined {
  if (PROGRAM_FOLDER.test(path) && copiedName && TOOLS.has(copiedName)) return `${path.replace(/\/?$/, "/")}${copiedName}`;
  return PROGRAM_FOLDER.test(folderOf(path)) && TOOLS.has(baseName(path)) ? path : undefined;
}

function message(path: string, how: TextValue): TextRef {
  return say("lint.toolImpostor", { how, path });
}

function runViolations(target: LintTarget): RuleViolation[] {
  return target.runs.flatMap((run) =>
    target.commandsOf(run).flatMap((command): RuleViolation[] => {
      const found: RuleViolation[] = [];
      for (const redirect of command.redirects) {
        const path = redirect.target ? literalValue(redirect.target) : undefined;
        const tool = path && /^>>?$|^>\|$/.test(redirect.operator) ? shadowedTool(path) : undefined;
        if (tool) found.push({ line: command.line, message: message(tool, say("lint.toolImpostorRedirect", { operator: redirect.operator, path: path ?? "" })) });
      }
      if (WRITERS.has(command.name)) {
        const paths = command.args.filter((a) => a.resolved && !a.value.startsWith("-")).map((a) => a.value);
        const destination = command.name === "tee" ? paths : paths.slice(-1);
        const copied = command.name === "tee" ? undefined : baseName(paths.at(-2) ?? "");
        for (const path of destination) {
          const tool = shadowedTool(path, copied);
          if (tool) found.push({ line: command.line, message: message(tool, `${command.name} ${paths.join(" ")}`) });
        }
      }
      return found;
    }),
  );
}

export const noToolImpostors: LintRule = {
  id: "no-tool-impostors",
  level: "error",
  summary: "No file of the Dockerfile's own in place of apt-get, dpkg, the mariadb client, the servers…",
  check: (target: LintTarget) =>
    [
      ...runViolations(target),
      ...target.parsed.instructions.flatMap((copy): RuleViolation[] => {
        if (copy.keyword !== "COPY" && copy.keyword !== "ADD") return [];
        return copySources(copy, target.parsed.escapeChar).flatMap((source) => {
          const tool = shadowedTool(source.destination, baseName(source.source.replace(/\/+$/, "")));
          return tool ? [{ line: copy.startLine, message: message(tool, `${copy.keyword} ${source.source} ${source.destination}`) }] : [];
        });
      }),
    ].sort((a, b) => a.line - b.line),
};
