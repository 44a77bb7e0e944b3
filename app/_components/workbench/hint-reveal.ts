/**
 * How many hint levels of a failed check the student has revealed, remembered in localStorage per
 * student, step and check, so a reload keeps them; forgotten once the check passes.
 * Framework-free: check-hints.tsx uses it, hint-reveal.test.ts tests it.
 */

/** The part of Storage used here (window.localStorage, or a Map-backed fake in tests). */
export type HintStorage = Pick<Storage, "getItem" | "setItem" | "removeItem">;

/** Whose hints and which step: `owner` tells apart the students who share a browser ("" when unknown). */
export type HintScope = { owner: string; step: number };

export const revealedHintsKey = (scope: HintScope, checkId: string) => `docker-workbench:hints:${scope.owner}:${scope.step}:${checkId}`;

/** The levels revealed so far, 0 when none or when the stored value is not a count; never more than `total`. */
export function readRevealedHints(storage: HintStorage | null, scope: HintScope, checkId: string, total: number): number {
  let raw: string | null = null;
  try {
    raw = storage?.getItem(revealedHintsKey(scope, checkId)) ?? null;
  } catch {
    return 0; // storage refused (private mode): nothing remembered
  }
  const count = raw !== null && /^\d$/.test(raw) ? Number(raw) : 0;
  return Math.min(count, total);
}

/** Remembers `count` revealed levels (best effort: a full or refused storage just forgets). */
export function writeRevealedHints(storage: HintStorage | null, scope: HintScope, checkId: string, count: number): void {
  try {
    if (count <= 0) storage?.removeItem(revealedHintsKey(scope, checkId));
    else storage?.setItem(revealedHintsKey(scope, checkId), String(count));
  } catch {
    // not remembered: the hints still show on this page
  }
}

export type HintLevelName = "nudge" | "hint" | "answer";

/** What level `index` of `total` is: the last is the answer, the one before a concrete hint, the first of three a nudge. */
export function hintLevelName(index: number, total: number): HintLevelName {
  const fromEnd = total - index;
  return fromEnd <= 1 ? "answer" : fromEnd === 2 ? "hint" : "nudge";
}

/** The storage of this browser, or null where there is none (server rendering, storage disabled). */
export function browserStorage(): HintStorage | null {
  try {
    return typeof window === "undefined" ? null : window.localStorage;
  } catch {
    return null;
  }
}
