/**
 * `packages`: required packages installed (any of several names, globs allowed) and forbidden
 * ones absent. With the built image's dpkg list the verdict is authoritative (metapackages such
 * as default-mysql-server, dependencies, `$PKGS` variables); without it, the apt lines of the
 * Dockerfile give a preliminary one, which skips what it cannot know.
 */
import type { CheckResult } from "../../../../lib/protocol/messages";
import type { CheckSpecOf } from "../../check-spec";
import { finalImageInstructions } from "../../dockerfile/parse-dockerfile";
import type { PackagesOutcome, WorkspaceSnapshot } from "../../evidence";
import { readAptInstalls, type AptInstalls } from "../../judges/apt-installs";
import { listInProse, resultsFor } from "../../judges/check-result";
import { matchesGlob } from "../../judges/patterns";
import { readDockerfile } from "../../judges/step-files";

type PackagesSpec = CheckSpecOf<"packages">;
type Group = PackagesSpec["installed"][number];

/** "a or b"; long lists are cut: "a, b, …". */
const alternatives = (group: Group) => (group.anyOf.length <= 3 ? listInProse(group.anyOf, "or") : `${group.anyOf.slice(0, 2).join(", ")}, …`);

/** "apache2 and php (line 6), unzip (line 9)". */
function byLine(found: [name: string, line: number][]): string {
  const lines = new Map<number, string[]>();
  for (const [name, line] of found) lines.set(line, [...(lines.get(line) ?? []), name]);
  return listInProse([...lines].map(([line, names]) => `${listInProse(names)} (line ${line})`));
}

function installSummary(apt: AptInstalls): string {
  if (apt.installLines.length === 0) return "the Dockerfile installs nothing with apt-get";
  const names = [...apt.installed.keys()];
  const lines = listInProse([...new Set(apt.installLines)].map(String));
  return `the apt lines (line${apt.installLines.length > 1 ? "s" : ""} ${lines}) install ${names.length ? listInProse(names) : "nothing"}`;
}

/** Preliminary verdict from the Dockerfile's apt lines. */
export function judgePackagesStatically(spec: PackagesSpec, workspace: WorkspaceSnapshot): CheckResult {
  const { pass, fail, skip } = resultsFor(spec, "static");
  const read = readDockerfile(workspace, spec.file);
  if (!read.ok) return fail(read.message, { file: read.path });
  const file = read.path;
  const apt = readAptInstalls(finalImageInstructions(read.parsed));
  const installed = [...apt.installed];

  const forbidden = spec.notInstalled.flatMap((name) => installed.filter(([pkg]) => matchesGlob(pkg, name)).map(([pkg, at]) => ({ name, pkg, ...at })));
  if (forbidden.length > 0) {
    const first = forbidden[0]!;
    const what = forbidden.map((f) => `line ${f.line} installs ${f.written}`);
    return fail(`Expected the package${spec.notInstalled.length > 1 ? "s" : ""} ${listInProse(spec.notInstalled, "or")} not to be installed; ${listInProse(what)}.`, {
      file,
      line: first.line,
    });
  }
  const found = spec.installed.map((group) => ({ group, match: installed.find(([pkg]) => group.anyOf.some((g) => matchesGlob(pkg, g))) }));
  const missing = found.filter((f) => !f.match).map((f) => f.group);
  const lastInstall = apt.installLines.at(-1);
  if (missing.length > 0) {
    const wanted = missing.map((g) => `${g.describe} (${alternatives(g)})`);
    if (apt.unresolved.length > 0) {
      const unknown = apt.unresolved[0]!;
      return skip(
        `Could not tell from the Dockerfile whether ${listInProse(wanted)} ${missing.length > 1 ? "are" : "is"} installed: line ${unknown.line} installs ${unknown.text}, known only once the image is built.`,
        { file, line: unknown.line },
      );
    }
    return fail(`Expected ${listInProse(wanted)} to be installed; ${installSummary(apt)}.`, { file, line: lastInstall });
  }
  const absent = listInProse(spec.notInstalled, "or");
  const line = found[0]?.match?.[1].line;
  if (found.length === 0) return pass(`The Dockerfile does not install ${absent || "any forbidden package"}.`, { file });
  const installs = byLine(found.map((f) => [f.match![0], f.match![1].line]));
  return pass(`The Dockerfile installs ${installs}${absent ? `, and not ${absent}` : ""}.`, { file, line });
}

/** Authoritative verdict from the dpkg list of the built image. */
export function judgePackagesInImage(spec: PackagesSpec, outcome: PackagesOutcome, workspace: WorkspaceSnapshot): CheckResult {
  if (outcome.error) {
    const preliminary = judgePackagesStatically(spec, workspace);
    return { ...preliminary, message: `The image's package list could not be read (${outcome.error}); from the Dockerfile: ${preliminary.message}` };
  }
  const { pass, fail, error } = resultsFor(spec, "dynamic");
  const read = readDockerfile(workspace, spec.file);
  const apt = read.ok ? readAptInstalls(finalImageInstructions(read.parsed)) : null;
  const file = read.ok ? read.path : undefined;
  const installed = outcome.installed.map((p) => p.toLowerCase());

  const forbidden = spec.notInstalled.flatMap((name) => installed.filter((pkg) => matchesGlob(pkg, name)));
  if (forbidden.length > 0) {
    const name = forbidden[0]!;
    // Point at the apt line that brings it: the package itself, or one named after it (wordpress-l10n).
    const cause = apt ? [...apt.installed].find(([pkg]) => pkg === name || pkg.startsWith(`${name}-`)) : undefined;
    const because = cause ? (cause[0] === name ? `; line ${cause[1].line} installs it` : `; line ${cause[1].line} installs ${cause[0]}, which depends on it`) : "";
    return fail(`Expected ${listInProse(forbidden)} not to be installed in the image; dpkg lists ${forbidden.length > 1 ? "them" : "it"} as installed${because}.`, {
      file,
      line: cause?.[1].line,
    });
  }
  const found = spec.installed.map((group) => ({ group, match: installed.find((pkg) => group.anyOf.some((g) => matchesGlob(pkg, g))) }));
  const missing = found.filter((f) => !f.match).map((f) => f.group);
  if (missing.length > 0) {
    const wanted = missing.map((g) => `${g.describe} (${alternatives(g)})`);
    return fail(`Expected ${listInProse(wanted)} to be installed in the image; dpkg lists none of ${missing.length > 1 ? "those names" : "them"}.`, {
      file,
      line: apt?.installLines.at(-1),
    });
  }
  const has = found.map((f) => f.match!);
  if (outcome.verifyError) return error(`The grader could not compare the packages' files with Debian's archive: ${outcome.verifyError}. Press Check again later; tell your teacher if it lasts.`);
  const changed = outcome.changed ?? [];
  if (changed.length > 0) {
    const shown = changed
      .slice(0, 3)
      .map((c) =>
        c.problem === "unpublished"
          ? `${c.package}${c.version ? ` ${c.version}` : ""} is not a package version Debian published`
          : `${c.path} of ${c.package} is ${c.problem === "changed" ? "not the file Debian's package holds" : c.problem}`,
      );
    const more = changed.length > 3 ? ` (and ${changed.length - 3} more)` : "";
    return fail(`Expected the installed packages' own programs; in the image, ${listInProse(shown)}${more}. Install packages with apt-get and leave their files as they are.`, {
      file,
    });
  }
  const absent = listInProse(spec.notInstalled, "or");
  if (has.length === 0) return pass(`The built image does not have ${absent} installed (dpkg's list).`);
  return pass(`The built image has ${listInProse(has)} installed${absent ? `, and not ${absent}` : ""} (dpkg's list).`);
}
