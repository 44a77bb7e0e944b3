/**
 * `trailing-comments`: the file ends with a comment block (only comments and blank lines after
 * the last instruction) that gives the docker commands the step asks for, with their tag, name,
 * image and published ports. Flags may come in any order, with `=` or not, bundled (`-dit`);
 * prompts (`$`), `sudo` and `docker image build` / `docker container run` are fine.
 */
import type { CheckResult } from "../../../../lib/protocol/messages";
import type { CheckSpecOf } from "../../check-spec";
import type { CommentLine } from "../../dockerfile/dockerfile-syntax";
import { publishesPort, sameImageTag, type DockerBuild, type DockerRun } from "../../shell/docker-cli";
import { findDockerCommands } from "../../shell/find-docker-commands";
import type { WorkspaceSnapshot } from "../../evidence";
import { excerpt, resultsFor } from "../../judges/check-result";
import { listOf, say, semicolonsOf, type TextValue } from "../../../../lib/i18n/text-ref";
import { phraseOf } from "../../check-phrases";
import { readDockerfile } from "../../judges/step-files";

type CommandSpec = CheckSpecOf<"trailing-comments">["commands"][number];

interface CommentedCommand<C> {
  command: C;
  line: number;
  written: string;
}

interface CommentedCommands {
  builds: CommentedCommand<DockerBuild>[];
  runs: CommentedCommand<DockerRun>[];
}

/** Docker commands in comment lines; a comment ending in `\` continues on the next comment line. */
export function dockerCommandsInComments(comments: CommentLine[]): CommentedCommands {
  const found: CommentedCommands = { builds: [], runs: [] };
  for (let i = 0; i < comments.length; i++) {
    const first = comments[i]!;
    let text = first.text;
    const starts = [{ offset: 0, line: first.line }];
    while (/\\\s*$/.test(text) && comments[i + 1] && comments[i + 1]!.line === comments[i]!.line + 1) {
      i++;
      text = `${text.replace(/\\\s*$/, "")} `;
      starts.push({ offset: text.length, line: comments[i]!.line });
      text += comments[i]!.text;
    }
    for (const entry of findDockerCommands(text)) {
      const line = starts.filter((s) => s.offset <= entry.offset).at(-1)?.line ?? first.line;
      const written = `docker ${entry.args.join(" ")}`;
      if (entry.command.kind === "build") found.builds.push({ command: entry.command, line, written });
      if (entry.command.kind === "run") found.runs.push({ command: entry.command, line, written });
    }
  }
  return found;
}

function buildProblems(spec: CommandSpec, builds: CommentedCommand<DockerBuild>[]): TextValue[] {
  if (spec.tag === undefined || builds.some((b) => b.command.tags.some((t) => sameImageTag(t, spec.tag!)))) return [];
  const seen = builds.map((b) => say(b.command.tags.length === 0 ? "comments.tagSeenNoTag" : "comments.tagSeen", { line: b.line, written: excerpt(b.written, 90) }));
  return [say("comments.tagMissing", { tag: spec.tag, seen: listOf(seen) })];
}

function runIssues(spec: CommandSpec, run: DockerRun): TextValue[] {
  const issues: TextValue[] = [];
  if (spec.name !== undefined && run.name !== spec.name) {
    issues.push(run.name === null ? say("comments.noName", { name: spec.name }) : say("comments.otherName", { name: run.name, expected: spec.name }));
  }
  if (spec.image !== undefined && (run.image === null || !sameImageTag(run.image, spec.image))) {
    issues.push(run.image === null ? say("comments.noImage", { image: spec.image }) : say("comments.otherImage", { image: run.image, expected: spec.image }));
  }
  for (const port of spec.publish ?? []) {
    if (run.publish.some((p) => publishesPort(p, port))) continue;
    const late = run.optionsAfterImage.length > 0;
    issues.push(
      late
        ? say("comments.portLate", { options: run.optionsAfterImage.join(" "), port, image: run.image ?? "" })
        : run.publish.length
          ? say("comments.portOthers", { port, ports: run.publish.join(", -p ") })
          : say("comments.portMissing", { port }),
    );
  }
  return issues;
}

function runProblems(spec: CommandSpec, runs: CommentedCommand<DockerRun>[]): { problems: TextValue[]; line?: number } {
  const ranked = runs.map((r) => ({ run: r, issues: runIssues(spec, r.command) })).sort((a, b) => a.issues.length - b.issues.length);
  const best = ranked[0];
  if (!best || best.issues.length === 0) return { problems: [] };
  return { problems: [say("comments.runWrong", { line: best.run.line, written: excerpt(best.run.written, 90), issues: listOf(best.issues) })], line: best.run.line };
}

export function judgeTrailingComments(spec: CheckSpecOf<"trailing-comments">, workspace: WorkspaceSnapshot): CheckResult {
  const { pass, fail } = resultsFor(spec, "static");
  const read = readDockerfile(workspace, spec.file);
  if (!read.ok) return fail(read.why, { file: read.path });
  const file = read.path;
  const { parsed } = read;
  const wanted = listOf(spec.commands.map((c) => phraseOf(spec, c.describe)));
  const expected = say("comments.expected", { wanted });
  const last = parsed.instructions.at(-1);
  const trailing = dockerCommandsInComments(parsed.trailingComments);
  const earlier = dockerCommandsInComments(parsed.comments.filter((c) => !parsed.trailingComments.includes(c)));

  const problems: TextValue[] = [];
  let line: number | undefined;
  for (const command of spec.commands) {
    const kind = command.command;
    const found = kind === "build" ? trailing.builds : trailing.runs;
    if (found.length === 0) {
      const elsewhere = (kind === "build" ? earlier.builds : earlier.runs)[0];
      problems.push(elsewhere ? say("comments.commandEarlier", { kind, line: elsewhere.line }) : say("comments.commandMissing", { kind }));
      // Where the comments belong: the file's last line, after the last instruction.
      line ??= elsewhere?.line ?? Math.max(last?.endLine ?? 1, parsed.trailingComments.at(-1)?.line ?? 1);
      continue;
    }
    if (kind === "build") {
      const issues = buildProblems(command, trailing.builds);
      if (issues.length) line ??= trailing.builds[0]!.line;
      problems.push(...issues);
    } else {
      const issues = runProblems(command, trailing.runs);
      if (issues.problems.length) line ??= issues.line;
      problems.push(...issues.problems);
    }
  }
  if (problems.length > 0) {
    const ending = parsed.trailingComments.length === 0 && last ? say("comments.endsWith", { keyword: last.keyword, line: last.startLine }) : "";
    return fail(say("comments.failed", { expected, problems: semicolonsOf(problems), ending }), { file, line });
  }
  const kinds = new Set(spec.commands.map((c) => c.command));
  const firstOf = [...(kinds.has("build") ? trailing.builds.slice(0, 1) : []), ...(kinds.has("run") ? trailing.runs.slice(0, 1) : [])];
  const shown = firstOf.map((c) => say("comments.shown", { line: c.line, written: excerpt(c.written, 90) }));
  return pass(say("comments.pass", { wanted, shown: semicolonsOf(shown) }), { file, line: parsed.trailingComments[0]?.line });
}
