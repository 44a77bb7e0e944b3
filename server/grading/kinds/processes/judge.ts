/**
 * `processes`: for each group, a process with one of the names runs in the container. A name
 * matches the process's command name (comm, cut to 15 characters by the kernel) or the program
 * of its command line. With `mainProcessUser`, PID 1 (the container's command) must run as that
 * user: its real uid, so a program given the setuid bit still counts as the user who started it.
 * Where the grader's tools saw which program each process runs, a process counts only when that
 * program is the unchanged file of an installed package: a renamed sleep or perl does not.
 */
import type { CheckResult } from "../../../../lib/protocol/messages";
import type { CheckSpecOf } from "../../check-spec";
import type { ProcessesOutcome } from "../../evidence";
import { excerpt, resultsFor } from "../../judges/check-result";
import { listOf, say, semicolonsOf, type TextRef } from "../../../../lib/i18n/text-ref";
import { phraseOf } from "../../check-phrases";

type Process = ProcessesOutcome["processes"][number];

const program = (args: string) => {
  const first = args.trim().split(/\s+/)[0] ?? "";
  return first.slice(first.lastIndexOf("/") + 1);
};

export function isProcessNamed(process: Process, name: string): boolean {
  if (process.command === name || program(process.args) === name) return true;
  return name.length > 15 && process.command === name.slice(0, 15);
}

/** "root (uid 0)", "uid 1234" when the container has no name for it. */
export function describeOwner(process: Process): TextRef {
  return process.userName ? say("processes.owner", { name: process.userName, uid: process.user }) : say("processes.ownerUid", { uid: process.user });
}

/** Whether the process's real user is `user`, given as a name or a numeric uid. */
export function isOwnedBy(process: Process, user: string): boolean {
  return /^\d+$/.test(user) ? process.user === user : process.userName === user;
}

/**
 * A process counts when it runs a program a package installed, unchanged. Evidence without the
 * program (a sandbox without the grader's tools) falls back to the name alone.
 */
export function runsPackagedProgram(process: Process): boolean {
  return !process.program || (process.program.package !== undefined && process.program.intact);
}

function describeImpostor(process: Process): TextRef {
  const program = process.program!;
  if (!program.path) return say("processes.unreadable", { name: process.command });
  if (!program.package) return say("processes.unpackaged", { name: process.command, path: program.path });
  return say("processes.replaced", { name: process.command, path: program.path, package: program.package });
}

export function judgeProcesses(spec: CheckSpecOf<"processes">, outcome: ProcessesOutcome): CheckResult {
  const { pass, fail, error } = resultsFor(spec, "dynamic");
  if (outcome.error) return fail(say("processes.listFailed", { container: spec.container, error: outcome.errorText ?? outcome.error }));
  let mainProcess: TextRef | undefined;
  if (spec.mainProcessUser !== undefined) {
    const first = outcome.processes.find((p) => p.pid === 1);
    if (!first) return error(say("processes.noPid1", { container: spec.container }));
    const what = say("processes.pid1", { command: first.args ? excerpt(first.args, 80) : first.command });
    if (!isOwnedBy(first, spec.mainProcessUser)) {
      return fail(say("processes.wrongUser", { what, user: spec.mainProcessUser, owner: describeOwner(first) }));
    }
    mainProcess = say("processes.mainRuns", { what, owner: describeOwner(first) });
    if (spec.running.length === 0) return pass(say("processes.passMain", { container: spec.container, main: mainProcess }));
  }
  const found = spec.running.map((group) => {
    const named = outcome.processes.filter((p) => group.anyOf.some((name) => isProcessNamed(p, name)));
    return { group, process: named.find(runsPackagedProgram), impostor: named.find((p) => !runsPackagedProgram(p)) };
  });
  const impostors = found.filter((f) => !f.process && f.impostor);
  if (impostors.length) {
    const what = impostors.map((f) => say("processes.impostor", { describe: phraseOf(spec, f.group.describe), why: describeImpostor(f.impostor!) }));
    const wanted = listOf(impostors.map((f) => phraseOf(spec, f.group.describe)));
    return fail(say("processes.impostors", { wanted, container: spec.container, what: semicolonsOf(what) }));
  }
  const missing = found.filter((f) => !f.process).map((f) => say("processes.wanted", { describe: phraseOf(spec, f.group.describe), names: listOf(f.group.anyOf, "or") }));
  if (missing.length) {
    const names = [...new Set(outcome.processes.map((p) => p.command))];
    return fail(say("processes.missing", { wanted: listOf(missing), container: spec.container, names: names.length ? listOf(names) : say("processes.none") }));
  }
  const running = say("processes.runs", {
    container: spec.container,
    running: listOf(found.map((f) => say("processes.wanted", { describe: phraseOf(spec, f.group.describe), names: f.process!.command }))),
  });
  return pass(mainProcess ? say("processes.passAndMain", { running, main: mainProcess }) : say("processes.pass", { running }));
}
