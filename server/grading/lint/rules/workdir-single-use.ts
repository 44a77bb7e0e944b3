/**
 * `workdir-single-use`: no WORKDIR that serves a single RUN before another WORKDIR moves away
 * again (`WORKDIR /tmp`, `RUN …`, `WORKDIR /`): `RUN cd /tmp && …` says the same in one line.
 * Conservative: only that exact pattern, with the second WORKDIR an absolute path.
 *
 * WORKDIR also creates its folder when the image has none. For a folder that is not part of every
 * Debian-like base image, a bare `RUN cd DIR` would fail, and a later instruction may need the
 * folder too: the message then says so and gives `mkdir -p DIR && cd DIR`, which keeps the folder.
 */
import { say } from "../../../../lib/i18n/text-ref";
import type { Instruction } from "../../dockerfile/dockerfile-syntax";
import { processDockerfileWord } from "../../dockerfile/dockerfile-words";
import type { LintRule, RuleViolation } from "../lint-rule";

/** Folders every Debian-like base image has, where `cd` cannot fail. */
const BASE_FOLDERS = new Set([
  "/",
  "/bin",
  "/boot",
  "/dev",
  "/etc",
  "/home",
  "/lib",
  "/media",
  "/mnt",
  "/opt",
  "/proc",
  "/root",
  "/run",
  "/sbin",
  "/srv",
  "/sys",
  "/tmp",
  "/usr",
  "/usr/bin",
  "/usr/lib",
  "/usr/local",
  "/usr/local/bin",
  "/usr/local/lib",
  "/usr/local/sbin",
  "/usr/local/share",
  "/usr/local/src",
  "/usr/sbin",
  "/usr/share",
  "/usr/src",
  "/var",
  "/var/cache",
  "/var/lib",
  "/var/local",
  "/var/log",
  "/var/mail",
  "/var/opt",
  "/var/spool",
  "/var/tmp",
]);

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Instructions that run a command, which needs the folder to exist (COPY, ADD, VOLUME and WORKDIR create theirs). */
const RUNS_COMMANDS = new Set(["RUN", "CMD", "ENTRYPOINT", "HEALTHCHECK", "ONBUILD"]);

/** The first instruction after `from` that runs a command naming `dir` (or a path inside it). */
function laterUse(instructions: Instruction[], from: number, dir: string): Instruction | undefined {
  const path = new RegExp(`(^|[\\s"'=:,\\[])${escapeRegExp(dir)}(/|$|[\\s"',\\]])`);
  return instructions.slice(from).find((i) => RUNS_COMMANDS.has(i.keyword) && (path.test(i.args) || i.heredocs.some((h) => path.test(h.content))));
}

export const workdirSingleUse: LintRule = {
  id: "workdir-single-use",
  level: "info",
  summary: "no WORKDIR used for a single RUN",
  check: ({ parsed }) =>
    parsed.stages.flatMap((stage) =>
      stage.instructions.flatMap((workdir, i): RuleViolation[] => {
        const run = stage.instructions[i + 1];
        const next = stage.instructions[i + 2];
        if (workdir.keyword !== "WORKDIR" || run?.keyword !== "RUN" || next?.keyword !== "WORKDIR") return [];
        const nextPath = processDockerfileWord(next.body.trim(), next.scope, parsed.escapeChar);
        if (nextPath.unresolved.length > 0 || !nextPath.value.startsWith("/")) return [];
        const dir = workdir.body.trim();
        const path = processDockerfileWord(dir, workdir.scope, parsed.escapeChar);
        const normalized = path.value.replace(/\/+$/, "") || "/";
        const alwaysThere = path.unresolved.length === 0 && BASE_FOLDERS.has(normalized);
        const serves = say("lint.workdirServes", { dir, run: run.startLine, next: next.startLine });
        if (alwaysThere) return [{ line: workdir.startLine, message: say("lint.workdirDrop", { serves, dir }) }];
        const user = path.unresolved.length === 0 && normalized.startsWith("/") ? laterUse(stage.instructions, i + 2, normalized) : undefined;
        const needed = user ? say("lint.workdirNeededBy", { dir, line: user.startLine, keyword: user.keyword }) : say("lint.workdirCreates", { dir });
        return [{ line: workdir.startLine, message: say("lint.workdirCreate", { serves, needed, dir }) }];
      }),
    ),
};
