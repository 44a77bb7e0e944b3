/**
 * Finds docker commands in free text such as a Dockerfile comment: `docker build -t x .`,
 * `$ sudo docker run …`, "Build with: `docker build …`", several commands joined with `&&`.
 */
import { parseDockerArgs, type DockerCommand } from "./docker-cli";
import { resolveCommands } from "./resolve-commands";

export interface DockerCommandInText {
  command: DockerCommand;
  /** The arguments after `docker`, as parsed. */
  args: string[];
  /** Offset of the command in the text. */
  offset: number;
}

/** Where each `docker` (or `sudo … docker`) word starts. */
function dockerWordOffsets(text: string): number[] {
  const pattern = /(^|[\s$>#:;(&|])((?:sudo\s+(?:-\S+\s+)*)?docker)(?=\s)/g;
  return [...text.matchAll(pattern)].map((match) => match.index + match[1]!.length);
}

export function findDockerCommands(text: string): DockerCommandInText[] {
  // Markdown code marks would read as command substitutions.
  const cleaned = text.replace(/`/g, " ");
  const offsets = dockerWordOffsets(cleaned);
  // Each docker word starts a segment, so prose between two commands ("… . then docker run …")
  // does not become arguments of the first.
  return offsets.flatMap((start, index) =>
    resolveCommands(cleaned.slice(start, offsets[index + 1] ?? cleaned.length))
      .filter((command) => command.name === "docker")
      .slice(0, 1)
      .map((command) => {
        const args = command.args.map((a) => a.value);
        return { command: parseDockerArgs(args), args, offset: start + command.offset };
      }),
  );
}
