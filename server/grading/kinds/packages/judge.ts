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
import { listInProse, messageFields, resultsFor } from "../../judges/check-result";
import { listOf, say, type TextValue } from "../../../../lib/i18n/text-ref";
import { phraseOf } from "../../check-phrases";
import { matchesGlob } from "../../judges/patterns";
import { readDockerfile } from "../../judges/step-files";

type PackagesSpec = CheckSpecOf<"packages">;
type Group = PackagesSpec["installed"][number];

/** "a or b"; long lists are cut: "a, b, …". */
const alternatives = (group: Group) => (group.anyOf.length <= 3 ? listInProse(group.anyOf, "or") : `${group.anyOf.slice(0, 2).join(", ")}, …`);

/** "the Apache web server (apache2)", its describe in the page's language. */
const wantedOf = (spec: PackagesSpec, group: Group): TextValue => say("packages.wanted", { describe: phraseOf(spec, group.describe), names: alternatives(group) });

/** "apache2 and php (line 6), unzip (line 9)". */
function byLine(found: [name: string, line: number][]): TextValue {
  const lines = new Map<number, string[]>();
  for (const [name, line] of found) lines.set(line, [...(lines.get(line) ?? []), name]);
  return listOf([...lines].map(([line, names]) => say("packages.byLine", { names: listOf(names), line })));
}

function installSummary(apt: AptInstalls): TextValue {
  if (apt.installLines.length === 0) return say("packages.noApt");
  const names = [...apt.installed.keys()];
  const lines = listOf([...new Set(apt.installLines)].map(String));
  return say("packages.aptInstalls", {
    lines: apt.installLines.length > 1 ? say("common.linesMany", { lines }) : say("common.lineOne", { line: lines }),
    names: names.length ? listOf(names) : say("packages.nothing"),
  });
}

/** Preliminary verdict from the Dockerfile's apt lines. */
export function judgePackagesStatically(spec: PackagesSpec, workspace: WorkspaceSnapshot): CheckResult {
  const { pass, fail, skip } = resultsFor(spec, "static");
  const read = readDockerfile(workspace, spec.file);
  if (!read.ok) return fail(read.why, { file: read.path });
  const file = read.path;
  const apt = readAptInstalls(finalImageInstructions(read.parsed));
  const installed = [...apt.installed];

  const forbidden = spec.notInstalled.flatMap((name) => installed.filter(([pkg]) => matchesGlob(pkg, name)).map(([pkg, at]) => ({ name, pkg, ...at })));
  if (forbidden.length > 0) {
    const first = forbidden[0]!;
    const what = listOf(forbidden.map((f) => say("packages.installsAt", { line: f.line, written: f.written })));
    return fail(say(spec.notInstalled.length > 1 ? "packages.forbiddenMany" : "packages.forbiddenOne", { names: listOf(spec.notInstalled, "or"), what }), {
      file,
      line: first.line,
    });
  }
  const found = spec.installed.map((group) => ({ group, match: installed.find(([pkg]) => group.anyOf.some((g) => matchesGlob(pkg, g))) }));
  const missing = found.filter((f) => !f.match).map((f) => f.group);
  const lastInstall = apt.installLines.at(-1);
  if (missing.length > 0) {
    const wanted = listOf(missing.map((g) => wantedOf(spec, g)));
    if (apt.unresolved.length > 0) {
      const unknown = apt.unresolved[0]!;
      return skip(say(missing.length > 1 ? "packages.unknownMany" : "packages.unknownOne", { wanted, line: unknown.line, text: unknown.text }), { file, line: unknown.line });
    }
    return fail(say("packages.missing", { wanted, summary: installSummary(apt) }), { file, line: lastInstall });
  }
  const absent = listOf(spec.notInstalled, "or");
  const line = found[0]?.match?.[1].line;
  if (found.length === 0) return pass(say("packages.passNone", { absent: spec.notInstalled.length ? absent : say("packages.anyForbidden") }), { file });
  const installs = byLine(found.map((f) => [f.match![0], f.match![1].line]));
  return pass(spec.notInstalled.length ? say("packages.passAndNot", { installs, absent }) : say("packages.pass", { installs }), { file, line });
}

/** Authoritative verdict from the dpkg list of the built image. */
export function judgePackagesInImage(spec: PackagesSpec, outcome: PackagesOutcome, workspace: WorkspaceSnapshot): CheckResult {
  if (outcome.error) {
    const preliminary = judgePackagesStatically(spec, workspace);
    const said = say("packages.unreadable", { error: outcome.errorText ?? outcome.error, preliminary: preliminary.text ?? preliminary.message });
    return { ...preliminary, ...messageFields(said) };
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
    const because = cause ? (cause[0] === name ? say("packages.becauseItself", { line: cause[1].line }) : say("packages.becauseDepends", { line: cause[1].line, cause: cause[0] })) : "";
    return fail(say(forbidden.length > 1 ? "packages.inImageMany" : "packages.inImageOne", { names: listOf(forbidden), because }), {
      file,
      line: cause?.[1].line,
    });
  }
  const found = spec.installed.map((group) => ({ group, match: installed.find((pkg) => group.anyOf.some((g) => matchesGlob(pkg, g))) }));
  const missing = found.filter((f) => !f.match).map((f) => f.group);
  if (missing.length > 0) {
    const wanted = listOf(missing.map((g) => wantedOf(spec, g)));
    return fail(say(missing.length > 1 ? "packages.missingInImageMany" : "packages.missingInImageOne", { wanted }), {
      file,
      line: apt?.installLines.at(-1),
    });
  }
  const has = found.map((f) => f.match!);
  if (outcome.verifyError) return error(say("packages.verifyError", { error: outcome.verifyError }));
  const changed = outcome.changed ?? [];
  if (changed.length > 0) {
    const shown = changed.slice(0, 3).map((c) => {
      if (c.problem === "unpublished") return say("packages.unpublished", { name: c.package, version: c.version ? ` ${c.version}` : "" });
      const where = { path: c.path, name: c.package };
      return say(c.problem === "changed" ? "packages.changedFile" : c.problem === "missing" ? "packages.missingFile" : "packages.notRegular", where);
    });
    const more = changed.length > 3 ? say("packages.more", { count: changed.length - 3 }) : "";
    return fail(say("packages.changed", { shown: listOf(shown), more }), {
      file,
    });
  }
  const absent = listOf(spec.notInstalled, "or");
  if (has.length === 0) return pass(say("packages.passImageNone", { absent }));
  return pass(spec.notInstalled.length ? say("packages.passImageAndNot", { has: listOf(has), absent }) : say("packages.passImage", { has: listOf(has) }));
}
