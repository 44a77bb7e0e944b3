/**
 * `archive-download`: the Dockerfile downloads an archive of the required format (wget, curl,
 * `ADD <url>`, or any program given the URL) and extracts it with a tool that reads that format
 * (unzip, bsdtar, 7z, `python3 -m zipfile`, `jar x`… for zip; tar for tar.gz).
 */
import type { CheckResult } from "../../../../lib/protocol/messages";
import type { CheckSpecOf } from "../../check-spec";
import { copySources } from "../../dockerfile/copy-sources";
import type { ParsedDockerfile } from "../../dockerfile/dockerfile-syntax";
import { runCommandsOf, type RunCommand } from "../../dockerfile/run-commands";
import { findDownloads, remoteFileName } from "../../shell/downloads";
import { findExtractions, type ArchiveFormat } from "../../shell/extractions";
import type { WorkspaceSnapshot } from "../../evidence";
import { resultsFor } from "../../judges/check-result";
import { compilePattern, matchesGlob } from "../../judges/patterns";
import { readDockerfile } from "../../judges/step-files";

interface FoundDownload {
  url: string;
  /** File names the archive may have once downloaded; "-" when it is streamed to a pipe. */
  names: string[];
  line: number;
  how: string;
  /** The command, for a download streamed into the next command of a pipe. */
  command?: RunCommand;
}

/** "zip", "tar.gz", "tar.xz"… from a file name or URL, or null. */
export function archiveFormatOf(name: string): string | null {
  const path = name.replace(/[?#].*$/, "").toLowerCase();
  if (path.endsWith(".zip")) return "zip";
  if (path.endsWith(".tar.gz") || path.endsWith(".tgz")) return "tar.gz";
  const tar = /\.tar\.(bz2|xz|zst)$/.exec(path);
  if (tar) return `tar.${tar[1]}`;
  if (path.endsWith(".tar")) return "tar";
  return null;
}

const baseName = (path: string) => path.slice(path.lastIndexOf("/") + 1);

function downloadsIn(parsed: ParsedDockerfile, commands: RunCommand[]): FoundDownload[] {
  const fromRun = commands.flatMap((command) =>
    findDownloads([command]).map((d) => ({
      url: d.url,
      names: d.output === null ? [remoteFileName(d.url)] : d.output === "-" ? ["-"] : [baseName(d.output), remoteFileName(d.url)],
      line: command.line,
      how: d.tool,
      command,
    })),
  );
  const fromAdd = parsed.instructions
    .flatMap((i) => copySources(i, parsed.escapeChar))
    .filter((s) => s.isUrl && s.instruction.keyword === "ADD")
    .map((s) => ({ url: s.source, names: s.savedAs, line: s.instruction.startLine, how: "ADD" }));
  return [...fromRun, ...fromAdd].sort((a, b) => a.line - b.line);
}

function formatOfDownload(download: FoundDownload): string | null {
  return archiveFormatOf(download.url) ?? download.names.map(archiveFormatOf).find((f) => f !== null) ?? null;
}

export function judgeArchiveDownload(spec: CheckSpecOf<"archive-download">, workspace: WorkspaceSnapshot): CheckResult {
  const { pass, fail, error } = resultsFor(spec, "static");
  const urlPattern = spec.urlPattern === undefined ? null : compilePattern(spec.urlPattern, "i");
  if (urlPattern && !urlPattern.ok) return error(urlPattern.problem);
  const read = readDockerfile(workspace, spec.file);
  if (!read.ok) return fail(read.why, { file: read.path });
  const file = read.path;
  const format: ArchiveFormat = spec.format;
  const what = `a .${format} archive${spec.urlPattern ? ` (URL matching /${spec.urlPattern}/)` : ""}`;
  const expected = `Expected the Dockerfile to download ${what} and extract it`;

  const commands = runCommandsOf(read.parsed.instructions);
  const relevant = downloadsIn(read.parsed, commands).filter((d) => !urlPattern?.ok || urlPattern.regex.test(d.url));
  const wanted = relevant.filter((d) => formatOfDownload(d) === format);

  if (wanted.length === 0) {
    const other = relevant.find((d) => formatOfDownload(d) !== null);
    if (other) {
      const otherFormat = formatOfDownload(other)!;
      const suggestion = other.url.replace(/\.(tar\.(gz|bz2|xz|zst)|tgz|tar|zip)(?=$|[?#])/i, `.${format}`);
      return fail(`${expected}; line ${other.line} downloads ${other.url}, a .${otherFormat} archive. The step asks for the .${format} one${suggestion !== other.url ? `: ${suggestion}` : ""}.`, {
        file,
        line: other.line,
      });
    }
    if (relevant[0]) {
      return fail(`${expected}; line ${relevant[0].line} downloads ${relevant[0].url}, which is not a .${format} archive.`, { file, line: relevant[0].line });
    }
    const local = read.parsed.instructions.flatMap((i) => copySources(i, read.parsed.escapeChar)).find((s) => !s.isUrl && archiveFormatOf(s.source) === format);
    if (local) {
      return fail(`${expected}; line ${local.instruction.startLine} copies the local file ${local.source} instead: download it while building (wget, curl or ADD <url>).`, {
        file,
        line: local.instruction.startLine,
      });
    }
    return fail(`${expected}; it downloads nothing${spec.urlPattern ? " that matches" : ""} (no wget, curl or ADD <url>).`, { file });
  }

  const extractions = commands.flatMap((command) => findExtractions([command]).map((e) => ({ ...e, line: command.line, command })));
  const readers = extractions.filter((e) => e.formats.includes(format));
  for (const download of wanted) {
    const extraction = readers.find((e) => {
      if (e.line < download.line) return false;
      if (e.archive === null) return true;
      if (e.archive === "-") return download.names.includes("-") ? e.command.pipeInput : false;
      const name = baseName(e.archive);
      return download.names.some((n) => n === name || matchesGlob(n, name)) || /\$/.test(e.archive);
    });
    if (extraction) {
      const how = download.how === "ADD" ? "ADD" : download.how;
      return pass(`Line ${download.line} downloads ${download.url} (${how}) and line ${extraction.line} extracts it with ${extraction.tool}.`, {
        file,
        line: download.line,
      });
    }
  }
  const first = wanted[0]!;
  const saved = first.names[0] === "-" ? "" : ` as ${first.names[0]}`;
  const otherExtraction = readers.find((e) => e.line >= first.line);
  const found = otherExtraction
    ? `line ${otherExtraction.line} runs ${otherExtraction.tool} on ${otherExtraction.archive}, which is not the downloaded file`
    : `nothing extracts it (e.g. ${format === "zip" ? "unzip" : "tar -xzf"} ${first.names[0] === "-" ? remoteFileName(first.url) : first.names[0]})`;
  return fail(`${expected}; line ${first.line} downloads ${first.url}${saved}, but ${found}.`, { file, line: first.line });
}
