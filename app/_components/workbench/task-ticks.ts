/**
 * The lesson's task list ticks itself: each item names the checks that verify it
 * (`<li data-checks="a b">`), and its state comes from their latest results, the live checks of
 * the file being edited (newer) over the last Check's.
 */
import type { CheckResult } from "@/lib/protocol/messages";
import type { CheckRow } from "./check-state";

export type TaskState = "done" | "todo" | "unknown";

/** Latest status per check id: the last Check's rows, overridden by the live lint results of open files. */
export function latestStatuses(rows: readonly CheckRow[], lint: Readonly<Record<string, readonly CheckResult[]>>): Map<string, CheckRow["status"]> {
  const statuses = new Map<string, CheckRow["status"]>();
  for (const row of rows) statuses.set(row.id, row.status);
  for (const results of Object.values(lint)) for (const result of results) statuses.set(result.id, result.status);
  return statuses;
}

/** A task is done when every one of its checks passed, to do when one failed, unknown otherwise (not checked yet, skipped). */
export function taskState(checkIds: readonly string[], statuses: ReadonlyMap<string, CheckRow["status"]>): TaskState {
  const states = checkIds.map((id) => statuses.get(id));
  if (states.some((s) => s === "fail" || s === "error")) return "todo";
  if (states.length > 0 && states.every((s) => s === "pass")) return "done";
  return "unknown";
}
