/**
 * `env-in-one-instruction`: every listed variable is defined by the same ENV instruction of the
 * final image (continuation lines are fine; two ENV instructions are not). A legacy
 * `ENV KEY value` defines one variable only.
 */
import type { CheckResult } from "../../../../lib/protocol/messages";
import type { CheckSpecOf } from "../../check-spec";
import type { DeclaredVariable, Instruction } from "../../dockerfile/dockerfile-syntax";
import { finalImageInstructions } from "../../dockerfile/parse-dockerfile";
import type { WorkspaceSnapshot } from "../../evidence";
import { resultsFor } from "../../judges/check-result";
import { listOf, say } from "../../../../lib/i18n/text-ref";
import { readDockerfile } from "../../judges/step-files";
import { describeVariable, invalidKeyPattern, matchesVariable, type VariableSpec } from "../../judges/variable-match";

interface Holder {
  instruction: Instruction;
  variable: DeclaredVariable;
}

/** `ENV A tempo B admin`: one variable whose value holds the wanted values as words. */
function isLegacyFormHolding(env: Instruction, missing: VariableSpec[]): boolean {
  const only = env.variables.length === 1 ? env.variables[0] : undefined;
  const words = (only?.value ?? "").split(/\s+/);
  return words.length > 1 && missing.some((m) => m.value !== undefined && words.includes(m.value));
}

const assignment = (h: Holder) => `${h.variable.name}=${h.variable.value ?? ""}`;

export function judgeEnvInOneInstruction(spec: CheckSpecOf<"env-in-one-instruction">, workspace: WorkspaceSnapshot): CheckResult {
  const { pass, fail, error } = resultsFor(spec, "static");
  const badPattern = invalidKeyPattern(spec.variables);
  if (badPattern) return error(badPattern);
  const read = readDockerfile(workspace, spec.file);
  if (!read.ok) return fail(read.why, { file: read.path });
  const file = read.path;
  const envs = finalImageInstructions(read.parsed).filter((i) => i.keyword === "ENV");
  const expected = say("env.expected", { wanted: listOf(spec.variables.map((v) => describeVariable(v, spec))) });

  const holdersOf = (variable: VariableSpec): Holder[] =>
    envs.flatMap((instruction) => instruction.variables.filter((v) => matchesVariable(variable, v.name, v.value)).map((v) => ({ instruction, variable: v })));
  const holders = spec.variables.map(holdersOf);

  const complete = envs.find((env) => holders.every((list) => list.some((h) => h.instruction === env)));
  if (complete) {
    const shown = holders.map((list) => assignment(list.find((h) => h.instruction === complete)!));
    const span = complete.endLine > complete.startLine ? say("common.lineSpan", { first: complete.startLine, last: complete.endLine }) : say("common.lineOne", { line: complete.startLine });
    return pass(say("env.pass", { span, variables: listOf(shown) }), { file, line: complete.startLine });
  }

  const missing = spec.variables.filter((_, index) => holders[index]!.length === 0);
  if (missing.length > 0) {
    const none =
      envs.length === 0
        ? say("env.noEnv")
        : say("env.noneSets", {
            missing: listOf(
              missing.map((v) => describeVariable(v, spec)),
              "or",
            ),
          });
    const legacy = envs.find((env) => isLegacyFormHolding(env, missing));
    const note = legacy ? say("env.legacy", { line: legacy.startLine, name: legacy.variables[0]!.name, value: legacy.variables[0]!.value ?? "" }) : "";
    return fail(say("env.missing", { expected, none, note }), { file, line: legacy?.startLine ?? envs[0]?.startLine });
  }

  // Every variable is defined, but not in one instruction: name where each one is.
  const byInstruction = new Map<Instruction, string[]>();
  holders.forEach((list) => {
    const holder = list[0]!;
    byInstruction.set(holder.instruction, [...(byInstruction.get(holder.instruction) ?? []), assignment(holder)]);
  });
  const placed = [...byInstruction].map(([instruction, names]) => say("env.placed", { names: listOf(names), line: instruction.startLine }));
  const merged = holders.map((list) => assignment(list[0]!)).join(" ");
  const lines = [...byInstruction.keys()].map((i) => i.startLine);
  return fail(say("env.split", { expected, count: byInstruction.size, placed: listOf(placed), merged }), {
    file,
    line: Math.max(...lines),
  });
}
