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
import { excerpt, listInProse, resultsFor } from "../../judges/check-result";
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

function buildProblems(spec: CommandSpec, builds: CommentedCommand<DockerBuild>[]): string[] {
  if (spec.tag === undefined || builds.some((b) => b.command.tags.some((t) => sameImageTag(t, spec.tag!)))) return [];
  const seen = builds.map((b) => `line ${b.line} has ${excerpt(b.written, 90)}${b.command.tags.length === 0 ? " (no -t tag)" : ""}`);
  return [`the image must be tagged -t ${spec.tag}, but ${listInProse(seen)}`];
}

function runIssues(spec: CommandSpec, run: DockerRun): string[] {
  const issues: string[] = [];
  if (spec.name !== undefined && run.name !== spec.name) {
    issues.push(run.name === null ? `it gives no --name ${spec.name}` : `it names the container ${run.name} instead of ${spec.name}`);
  }
  if (spec.image !== undefined && (run.image === null || !sameImageTag(run.image, spec.image))) {
    issues.push(run.image === null ? `it starts no image (expected ${spec.image})` : `it starts the image ${run.image} instead of ${spec.image}`);
  }
  for (const port of spec.publish ?? []) {
    if (run.publish.some((p) => publishesPort(p, port))) continue;
    const late = run.optionsAfterImage.length > 0;
    issues.push(
      late
        ? `${run.optionsAfterImage.join(" ")} comes after the image name, so docker hands it to the container's command instead of publishing the port: put -p ${port} before ${run.image}`
        : `it does not publish -p ${port}${run.publish.length ? ` (it has -p ${run.publish.join(", -p ")})` : ""}`,
    );
  }
  return issues;
}

function runProblems(spec: CommandSpec, runs: CommentedCommand<DockerRun>[]): { problems: string[]; line?: number } {
  const ranked = runs.map((r) => ({ run: r, issues: runIssues(spec, r.command) })).sort((a, b) => a.issues.length - b.issues.length);
  const best = ranked[0];
  if (!best || best.issues.length === 0) return { problems: [] };
  return { problems: [`the run command on line ${best.run.line} (${excerpt(best.run.written, 90)}) is not right: ${listInProse(best.issues)}`], line: best.run.line };
}

export function judgeTrailingComments(spec: CheckSpecOf<"trailing-comments">, workspace: WorkspaceSnapshot): CheckResult {
  const { pass, fail } = resultsFor(spec, "static");
  const read = readDockerfile(workspace, spec.file);
  if (!read.ok) return fail(read.why, { file: read.path });
  const file = read.path;
  const { parsed } = read;
  const wanted = listInProse(spec.commands.map((c) => c.describe));
  const expected = `Expected the Dockerfile to end with comments giving ${wanted}`;
  const last = parsed.instructions.at(-1);
  const trailing = dockerCommandsInComments(parsed.trailingComments);
  const earlier = dockerCommandsInComments(parsed.comments.filter((c) => !parsed.trailingComments.includes(c)));

  const problems: string[] = [];
  let line: number | undefined;
  for (const command of spec.commands) {
    const kind = command.command;
    const found = kind === "build" ? trailing.builds : trailing.runs;
    if (found.length === 0) {
      const elsewhere = (kind === "build" ? earlier.builds : earlier.runs)[0];
      problems.push(
        elsewhere
          ? `the docker ${kind} command is in the comment on line ${elsewhere.line}, but instructions follow it: move it after the last instruction`
          : `there is no docker ${kind} command in the closing comments`,
      );
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
    const ending = parsed.trailingComments.length === 0 && last ? ` The file ends with the instruction ${last.keyword} on line ${last.startLine}.` : "";
    const problemText = problems.join("; ");
    return fail(`${expected}: ${problemText}${problemText.endsWith(".") ? "" : "."}${ending}`, { file, line });
  }
  const kinds = new Set(spec.commands.map((c) => c.command));
  const firstOf = [...(kinds.has("build") ? trailing.builds.slice(0, 1) : []), ...(kinds.has("run") ? trailing.runs.slice(0, 1) : [])];
  const shown = firstOf.map((c) => `line ${c.line}: ${excerpt(c.written, 90)}`);
  return pass(`The closing comments give ${wanted} (${shown.join("; ")}).`, { file, line: parsed.trailingComments[0]?.line });
}
