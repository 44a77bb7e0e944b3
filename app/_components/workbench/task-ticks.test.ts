import { describe, expect, it } from "vitest";
import type { CheckResult } from "@/lib/protocol/messages";
import type { CheckRow } from "./check-state";
import { latestStatuses, taskState } from "./task-ticks";

const row = (id: string, status: CheckRow["status"]): CheckRow => ({ id, title: id, phase: "static", status, result: null });
const live = (id: string, status: CheckResult["status"]): CheckResult => ({ id, title: id, phase: "static", status, message: "" });

describe("the task list's ticks", () => {
  it("follow the last Check, and the live checks of the edited file over it", () => {
    const statuses = latestStatuses([row("base-image", "fail"), row("build", "pass"), row("names", "skip")], { "1_step/Dockerfile": [live("base-image", "pass")] });
    expect(taskState(["base-image"], statuses)).toBe("done"); // fixed since the Check: ticked at once
    expect(taskState(["base-image", "build"], statuses)).toBe("done");
    expect(taskState(["names"], statuses)).toBe("unknown"); // skipped is not done
    expect(taskState(["site-answers"], statuses)).toBe("unknown"); // never checked
  });

  it("untick as soon as one of an item's checks fails", () => {
    const statuses = latestStatuses([row("a", "pass"), row("b", "pass")], { Dockerfile: [live("b", "fail")] });
    expect(taskState(["a", "b"], statuses)).toBe("todo");
    expect(taskState(["a", "c"], latestStatuses([row("a", "pass"), row("c", "error")], {}))).toBe("todo");
    expect(taskState([], statuses)).toBe("unknown");
  });
});
