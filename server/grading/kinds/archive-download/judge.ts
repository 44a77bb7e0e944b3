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
import { say } from "../../../../lib/i18n/text-ref";
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
  const what = spec.urlPattern ? say("archive.whatMatching", { format, pattern: spec.urlPattern }) : say("archive.what", { format });
  const expected = say("archive.expected", { what });

  const commands = runCommandsOf(read.parsed.instructions);
  const relevant = downloadsIn(read.parsed, commands).filter((d) => !urlPattern?.ok || urlPattern.regex.test(d.url));
  const wanted = relevant.filter((d) => formatOfDownload(d) === format);

  if (wanted.length === 0) {
    const other = relevant.find((d) => formatOfDownload(d) !== null);
    if (other) {
      const otherFormat = formatOfDownload(other)!;
      const suggestion = other.url.replace(/\.(tar\.(gz|bz2|xz|zst)|tgz|tar|zip)(?=$|[?#])/i, `.${format}`);
      const told = { expected, line: other.line, url: other.url, other: otherFormat, format };
      return fail(suggestion !== other.url ? say("archive.otherFormatSuggest", { ...told, suggestion }) : say("archive.otherFormat", told), {
        file,
        line: other.line,
      });
    }
    if (relevant[0]) {
      return fail(say("archive.notArchive", { expected, line: relevant[0].line, url: relevant[0].url, format }), { file, line: relevant[0].line });
    }
    const local = read.parsed.instructions.flatMap((i) => copySources(i, read.parsed.escapeChar)).find((s) => !s.isUrl && archiveFormatOf(s.source) === format);
    if (local) {
      return fail(say("archive.local", { expected, line: local.instruction.startLine, source: local.source }), {
        file,
        line: local.instruction.startLine,
      });
    }
    return fail(say(spec.urlPattern ? "archive.nothingMatching" : "archive.nothing", { expected }), { file });
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
      return pass(say("archive.pass", { line: download.line, url: download.url, how, extractLine: extraction.line, tool: extraction.tool }), {
        file,
        line: download.line,
      });
    }
  }
  const first = wanted[0]!;
  const otherExtraction = readers.find((e) => e.line >= first.line);
  const found = otherExtraction
    ? say("archive.otherExtraction", { line: otherExtraction.line, tool: otherExtraction.tool, archive: String(otherExtraction.archive) })
    : say("archive.noExtraction", { example: `${format === "zip" ? "unzip" : "tar -xzf"} ${first.names[0] === "-" ? remoteFileName(first.url) : first.names[0]}` });
  const told = { expected, line: first.line, url: first.url, found };
  return fail(first.names[0] === "-" ? say("archive.notExtracted", told) : say("archive.notExtractedAs", { ...told, saved: first.names[0]! }), { file, line: first.line });
}
