/**
 * The processes of a student's container, read by the grader's tools (grader-tools.ts) from the
 * container's /proc: command name, real uid and its name, pid, command line, and which program
 * each one really runs: the executable's path (/proc/PID/exe, whatever the process calls itself),
 * the Debian package that installed that path and whether the running file has the checksum Debian
 * published for that path in that package version (debian-archive.ts; the image's own md5sums only
 * say which package to ask about, since a student can rewrite them). A perl copied over
 * /usr/sbin/apache2, or a sleep renamed mariadbd, is told apart from the real servers.
 */
import type Docker from "dockerode";
import type { ProcessesOutcome } from "../grading/evidence";
import { runGraderTools } from "./grader-tools";
import { describeDockerError } from "./docker-errors";
import { debianArchive, type DebianArchive } from "./debian-archive";
import { installedFromStatus, readEntry } from "./image-packages";
import { ourError } from "./our-error";
import { say } from "../../lib/i18n/text-ref";

// BusyBox sh and awk. Skips the tools' own processes (their mount namespace). For each process, one
// line of tab-separated fields: comm, uid, pid, user name, exe path, md5 of the running file,
// package and md5 recorded for that path in the container's dpkg database, command line (last).
// A path is looked up as is and, under /usr, without /usr (packages of merged-/usr systems).
const SCRIPT = `
self=$(readlink /proc/self/ns/mnt)
info=$ROOT/var/lib/dpkg/info
for d in /proc/[0-9]*; do
  [ "$(readlink "$d/ns/mnt" 2>/dev/null)" = "$self" ] && continue
  c=$(cat "$d/comm" 2>/dev/null) || continue
  u=$(awk '/^Uid:/ {print $2}' "$d/status" 2>/dev/null)
  a=$(tr '\\0' ' ' < "$d/cmdline" 2>/dev/null)
  n=$(awk -F: -v u="$u" '$3 == u {print $1; exit}' "$ROOT/etc/passwd" 2>/dev/null)
  e=$(readlink "$d/exe" 2>/dev/null)
  m=$(md5sum < "$d/exe" 2>/dev/null | cut -c1-32)
  owner=""
  if [ -n "$e" ] && [ -d "$info" ]; then
    f=\${e#/}; g=\${f#usr/}
    owner=$(cd "$info" && awk -v f="$f" -v g="$g" '($2 == f || $2 == g) {print FILENAME " " $1; exit}' *.md5sums 2>/dev/null)
  fi
  pkg=\${owner%% *}; pkg=\${pkg%.md5sums}; pkg=\${pkg%%:*}; sum=\${owner#* }
  [ -n "$owner" ] || { pkg=""; sum=""; }
  printf '%s\\t%s\\t%s\\t%s\\t%s\\t%s\\t%s\\t%s\\t%s\\n' "$c" "$u" "\${d#/proc/}" "$n" "$e" "$m" "$pkg" "$sum" "$a"
done
`;

export async function listProcessesWithTools(inner: Docker, container: string, timeoutMs = 20_000, archive: DebianArchive = debianArchive()): Promise<ProcessesOutcome> {
  let run;
  let status: string;
  try {
    run = await runGraderTools(inner, { target: container, script: SCRIPT, timeoutMs });
    // The grader reads dpkg's status file itself (archive API): which version of each package the image has.
    status = (await readEntry(inner.getContainer(container), "/var/lib/dpkg/status"))?.content.toString("utf8") ?? "";
  } catch (error) {
    return { kind: "processes", processes: [], error: describeDockerError(error) };
  }
  if (run.exitCode === null) return { kind: "processes", processes: [], ...ourError(say("probe.psTooLong", { seconds: Math.round(timeoutMs / 1000) })) };
  const seen = parseProcessLines(run.output);
  const versions = new Map(installedFromStatus(status).map((p) => [p.name, p]));
  // Debian's checksums of each package the processes run, asked once per package, together.
  const owners = [...new Set(seen.flatMap((p) => (p.program?.package && versions.has(p.program.package) ? [p.program.package] : [])))];
  const answers = new Map(await Promise.all(owners.map(async (name) => [name, await archive.published(versions.get(name)!)] as const)));
  const unavailable = [...answers.values()].find((a) => !a.ok && a.reason === "unavailable");
  if (unavailable && !unavailable.ok) return { kind: "processes", processes: [], ...ourError(say("probe.noArchive", { detail: unavailable.detail })) };
  const processes: ProcessesOutcome["processes"] = [];
  for (const { running, ...process } of seen) {
    if (!process.program?.package) {
      processes.push(process);
      continue;
    }
    const published = answers.get(process.program.package);
    const path = process.program.path.replace(/^\//, "");
    const expected = published?.ok ? (published.sums.get(path) ?? published.sums.get(path.replace(/^usr\//, ""))) : undefined;
    processes.push({ ...process, program: { ...process.program, intact: process.program.intact && expected !== undefined && expected === running } });
  }
  return { kind: "processes", processes };
}

/**
 * The tools' lines as processes. `intact` here only says the running file matches what the
 * image's dpkg database recorded; listProcessesWithTools then requires Debian's checksum too.
 * `running` is the md5 of the running file.
 */
export function parseProcessLines(output: string): (ProcessesOutcome["processes"][number] & { running: string })[] {
  return output
    .split("\n")
    .filter((line) => line.split("\t").length >= 9)
    .map((line) => {
      const [command = "", user = "", pid = "", userName = "", exe = "", md5 = "", pkg = "", recorded = "", ...args] = line.split("\t");
      return {
        command,
        user,
        pid: Number(pid),
        args: args.join("\t").trim(),
        ...(userName ? { userName } : {}),
        program: {
          path: exe,
          ...(pkg ? { package: pkg } : {}),
          intact: pkg !== "" && md5 !== "" && md5 === recorded && !exe.endsWith(" (deleted)"),
        },
        running: md5,
      };
    });
}
