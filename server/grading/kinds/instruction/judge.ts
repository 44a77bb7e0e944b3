/** `instruction`: how many times an instruction appears, optionally with arguments matching a regex. */
import type { CheckResult } from "../../../../lib/protocol/messages";
import type { CheckSpecOf } from "../../check-spec";
import { finalImageInstructions } from "../../dockerfile/parse-dockerfile";
import type { WorkspaceSnapshot } from "../../evidence";
import { excerpt, listInProse, resultsFor } from "../../judges/check-result";
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
  const scope = spec.stage === "final" ? "in the final stage" : "in the Dockerfile";
  const instructions = spec.stage === "final" ? finalImageInstructions(read.parsed) : read.parsed.instructions;
  const found = instructions.filter((i) => i.keyword === keyword);
  const lines = listInProse(found.map((i) => String(i.startLine)));

  if (found.length < spec.min) {
    const what = found.length === 0 ? "none" : `${found.length} (line${found.length > 1 ? "s" : ""} ${lines})`;
    return fail(`Expected at least ${spec.min} ${keyword} ${scope}; found ${what}.`, { file, line: found[0]?.startLine });
  }
  if (spec.max !== undefined && found.length > spec.max) {
    return fail(`Expected at most ${spec.max} ${keyword} ${scope}; found ${found.length}, on lines ${lines}.`, {
      file,
      line: found[spec.max]?.startLine,
    });
  }
  if (pattern?.ok) {
    const matching = found.find((i) => pattern.regex.test(i.args));
    if (!matching) {
      const seen = found.map((i) => `line ${i.startLine}: ${keyword} ${excerpt(i.args, 80)}`).join("; ");
      return fail(`Expected a ${keyword} ${scope} whose arguments match /${spec.argsPattern}/; found ${seen || "none"}.`, {
        file,
        line: found[0]?.startLine,
      });
    }
    return pass(`Line ${matching.startLine} has ${keyword} ${excerpt(matching.args, 80)}.`, { file, line: matching.startLine });
  }
  return pass(found.length === 0 ? `No ${keyword} ${scope}, as required.` : `Found ${keyword} ${scope} on line${found.length > 1 ? "s" : ""} ${lines}.`, {
    file,
    line: found[0]?.startLine,
  });
}
