/** `shell`: the escape hatch, a script run in the student's engine; judged like `exec`. */
import type { CheckResult } from "../../../../lib/protocol/messages";
import type { CheckSpecOf } from "../../check-spec";
import type { ExecOutcome } from "../../evidence";
import { judgeScript } from "../exec/judge";

export const judgeShell = (spec: CheckSpecOf<"shell">, outcome: ExecOutcome): CheckResult => judgeScript(spec, outcome);
