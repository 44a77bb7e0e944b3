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
import { excerpt, listInProse, resultsFor } from "../../judges/check-result";

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
export function describeOwner(process: Process): string {
  return process.userName ? `${process.userName} (uid ${process.user})` : `uid ${process.user}`;
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

function describeImpostor(process: Process): string {
  const program = process.program!;
  if (!program.path) return `a process named ${process.command} runs a program the grader could not read`;
  if (!program.package) return `a process named ${process.command} runs ${program.path}, which no installed package provides`;
  return `a process named ${process.command} runs ${program.path}, which is not the file the package ${program.package} installed (it was replaced or changed)`;
}

export function judgeProcesses(spec: CheckSpecOf<"processes">, outcome: ProcessesOutcome): CheckResult {
  const { pass, fail, error } = resultsFor(spec, "dynamic");
  if (outcome.error) return fail(`Could not list the processes of ${spec.container}: ${outcome.error}.`);
  let mainProcess = "";
  if (spec.mainProcessUser !== undefined) {
    const first = outcome.processes.find((p) => p.pid === 1);
    if (!first) return error(`The grader found no PID 1 in the process list of ${spec.container} (a fault of ours, not yours).`);
    const what = `PID 1 (${first.args ? excerpt(first.args, 80) : first.command})`;
    if (!isOwnedBy(first, spec.mainProcessUser)) {
      return fail(`Expected the container's command, ${what}, to run as ${spec.mainProcessUser}; it runs as ${describeOwner(first)}.`);
    }
    mainProcess = `${what} runs as ${describeOwner(first)}`;
    if (spec.running.length === 0) return pass(`In ${spec.container}, ${mainProcess}.`);
  }
  const found = spec.running.map((group) => {
    const named = outcome.processes.filter((p) => group.anyOf.some((name) => isProcessNamed(p, name)));
    return { group, process: named.find(runsPackagedProgram), impostor: named.find((p) => !runsPackagedProgram(p)) };
  });
  const impostors = found.filter((f) => !f.process && f.impostor);
  if (impostors.length) {
    const what = impostors.map((f) => `${f.group.describe}: ${describeImpostor(f.impostor!)}`);
    return fail(`Expected ${listInProse(impostors.map((f) => f.group.describe))} running in ${spec.container} from the programs the packages installed; ${what.join("; ")}.`);
  }
  const missing = found.filter((f) => !f.process).map((f) => `${f.group.describe} (${listInProse(f.group.anyOf, "or")})`);
  if (missing.length) {
    const names = [...new Set(outcome.processes.map((p) => p.command))];
    return fail(`Expected ${listInProse(missing)} running in ${spec.container}; its processes are ${names.length ? listInProse(names) : "none"}.`);
  }
  const running = `${spec.container} runs ${listInProse(found.map((f) => `${f.group.describe} (${f.process!.command})`))}`;
  return pass(mainProcess ? `${running}; ${mainProcess}.` : `${running}.`);
}
