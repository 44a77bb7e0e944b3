/**
 * `processes`: for each group, a process with one of the names runs in the container. A name
 * matches the process's command name (comm, cut to 15 characters by the kernel) or the program
 * of its command line.
 */
import type { CheckResult } from "../../../lib/protocol/messages";
import type { CheckSpecOf } from "../check-spec";
import type { ProcessesOutcome } from "../evidence";
import { listInProse, resultsFor } from "./check-result";

type Process = ProcessesOutcome["processes"][number];

const program = (args: string) => {
  const first = args.trim().split(/\s+/)[0] ?? "";
  return first.slice(first.lastIndexOf("/") + 1);
};

export function isProcessNamed(process: Process, name: string): boolean {
  if (process.command === name || program(process.args) === name) return true;
  return name.length > 15 && process.command === name.slice(0, 15);
}

export function judgeProcesses(spec: CheckSpecOf<"processes">, outcome: ProcessesOutcome): CheckResult {
  const { pass, fail } = resultsFor(spec, "dynamic");
  if (outcome.error) return fail(`Could not list the processes of ${spec.container}: ${outcome.error}.`);
  const found = spec.running.map((group) => ({
    group,
    process: outcome.processes.find((p) => group.anyOf.some((name) => isProcessNamed(p, name))),
  }));
  const missing = found.filter((f) => !f.process).map((f) => `${f.group.describe} (${listInProse(f.group.anyOf, "or")})`);
  if (missing.length) {
    const names = [...new Set(outcome.processes.map((p) => p.command))];
    return fail(`Expected ${listInProse(missing)} running in ${spec.container}; its processes are ${names.length ? listInProse(names) : "none"}.`);
  }
  return pass(`${spec.container} runs ${listInProse(found.map((f) => `${f.group.describe} (${f.process!.command})`))}.`);
}
