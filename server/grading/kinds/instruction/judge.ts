/** `instruction`: how many times an instruction appears, optionally with arguments matching a regex. */
import type { CheckResult } from "../../../../lib/protocol/messages";
import type { CheckSpecOf } from "../../check-spec";
import { finalImageInstructions } from "../../dockerfile/parse-dockerfile";
import type { WorkspaceSnapshot } from "../../evidence";
import { excerpt, resultsFor } from "../../judges/check-result";
import { listOf, say, semicolonsOf } from "../../../../lib/i18n/text-ref";
import { compilePattern } from "../../judges/patterns";
import { readDockerfile } from "../../judges/step-files";

export function judgeInstruction(spec: CheckSpecOf<"instruction">, workspace: WorkspaceSnapshot): CheckResult {
  const { pass, fail, error } = resultsFor(spec, "static");
  const pattern = spec.argsPattern === undefined ? null : compilePattern(spec.argsPattern);
  if (pattern && !pattern.ok) return error(pattern.problem);
  const read = readDockerfile(workspace, spec.file);
  if (!read.ok) return fail(read.why, { file: read.path });
  const file = read.path;
  const keyword = spec.instruction.toUpperCase();
  const scope = say(spec.stage === "final" ? "instruction.inFinal" : "instruction.inFile");
  const instructions = spec.stage === "final" ? finalImageInstructions(read.parsed) : read.parsed.instructions;
  const found = instructions.filter((i) => i.keyword === keyword);
  const lines = listOf(found.map((i) => String(i.startLine)));
  const onLines = found.length > 1 ? say("common.linesMany", { lines }) : say("common.lineOne", { line: lines });

  if (found.length < spec.min) {
    const what = found.length === 0 ? say("instruction.none") : say("instruction.count", { count: found.length, lines: onLines });
    return fail(say("instruction.tooFew", { min: spec.min, keyword, scope, found: what }), { file, line: found[0]?.startLine });
  }
  if (spec.max !== undefined && found.length > spec.max) {
    return fail(say("instruction.tooMany", { max: spec.max, keyword, scope, count: found.length, lines }), {
      file,
      line: found[spec.max]?.startLine,
    });
  }
  if (pattern?.ok) {
    const matching = found.find((i) => pattern.regex.test(i.args));
    if (!matching) {
      const seen = found.map((i) => say("instruction.seen", { line: i.startLine, keyword, args: excerpt(i.args, 80) }));
      return fail(say("instruction.noMatch", { keyword, scope, pattern: spec.argsPattern ?? "", seen: seen.length ? semicolonsOf(seen) : say("instruction.none") }), {
        file,
        line: found[0]?.startLine,
      });
    }
    return pass(say("instruction.pass", { line: matching.startLine, keyword, args: excerpt(matching.args, 80) }), { file, line: matching.startLine });
  }
  return pass(found.length === 0 ? say("instruction.passNone", { keyword, scope }) : say("instruction.passFound", { keyword, scope, lines: onLines }), {
    file,
    line: found[0]?.startLine,
  });
}
