/**
 * What one check kind is, in one place: its spec, its phase, its pure judge, and for the dynamic
 * kinds the evidence it expects, the probe that asks the GradingSandbox for it, and whether it
 * retries while services start. What a kind needs to have passed first (the step's folder, its
 * build, the container it names…) is declared as data; kinds/dependencies.ts computes the order.
 * registry.ts holds one entry per kind, and the compiler refuses a kind without one.
 */
import type { z } from "zod";
import type { CheckResult } from "../../../lib/protocol/messages";
import type { CheckKind, CheckSpec, CheckSpecOf } from "../check-spec";
import type { ProbeOutcome, WorkspaceSnapshot } from "../evidence";
import type { GradingSandbox } from "../grading-sandbox";

export type EvidenceKind = ProbeOutcome["kind"];
export type EvidenceOf<E extends EvidenceKind> = Extract<ProbeOutcome, { kind: E }>;

/**
 * Something a check needs to have passed before it runs, found among the step's checks: by
 * default the step's first check of one of `kinds`. Methods (not function properties) so that an
 * entry's needs, written for its own spec, still read as needs of any spec.
 */
export interface Need<S> {
  /** Kinds of the checks needed. */
  kinds: readonly CheckKind[];
  /** first: the first such check in file order (the default); every: each of them, in file order. */
  which?: "first" | "every";
  /** Only the checks this accepts. */
  where?(spec: S, candidate: CheckSpec): boolean;
  /** With `where`: when no check is accepted, the first check of `kinds` instead. */
  otherwise?: "first";
  /** Nothing is needed when this holds for the step's checks. */
  unless?(spec: S, step: readonly CheckSpec[]): boolean;
}

/** What a probe may use besides its check: the step, the sandbox, and where the grading reports. */
export interface ProbeContext {
  /** Every check of the step (a probe may read a sibling: packages inspect the build's tag). */
  all: readonly CheckSpec[];
  workspace: WorkspaceSnapshot;
  sandbox: GradingSandbox;
  log: (text: string) => void;
  onProgress?: (stage: string, message: string, fraction?: number) => void;
  /** buildTimeoutMs caps long probes (build, script, compose); siteHost is sent to sites the grader sets up. */
  options: { buildTimeoutMs?: number; siteHost?: string };
}

interface KindEntryBase<K extends CheckKind> {
  kind: K;
  /** What the kind checks, in one line (for teachers and the docs). */
  summary: string;
  /** The kind's fields (kinds/<kind>/spec.ts), the member of checkSpecSchema for this kind. */
  spec: z.ZodType<CheckSpecOf<K>>;
  /** What must pass before a check of this kind runs, besides its own `requires`. */
  needs: readonly Need<CheckSpecOf<K>>[];
}

/** A kind judged from the student's files alone, also live while they type. */
export interface StaticKindEntry<K extends CheckKind> extends KindEntryBase<K> {
  phase: "static";
  judge(spec: CheckSpecOf<K>, workspace: WorkspaceSnapshot): CheckResult;
}

/** A kind judged from evidence the grader gathers in the student's sandbox. */
export interface DynamicKindEntry<K extends CheckKind, E extends EvidenceKind> extends KindEntryBase<K> {
  phase: "dynamic";
  /** The kind of evidence its probe gathers and its judge reads. */
  evidence: E;
  /** Asks the sandbox for the evidence; undefined when there is nothing to ask (no image to inspect). */
  probe(spec: CheckSpecOf<K>, context: ProbeContext): Promise<EvidenceOf<E> | undefined>;
  judge(spec: CheckSpecOf<K>, outcome: EvidenceOf<E>, workspace: WorkspaceSnapshot): CheckResult;
  /** Probed again until it passes or its `timeoutSeconds` (counted from when services started) runs out. */
  retries: boolean;
  /** A verdict from the files that stops the check before probing (build: a fork bomb is not built). */
  refuse?(spec: CheckSpecOf<K>, workspace: WorkspaceSnapshot): CheckResult | null;
  /** When this evidence shows the step's services started (the moment later retries count from). */
  servicesStartedAt?(spec: CheckSpecOf<K>, outcome: EvidenceOf<E>, now: number): number | undefined;
  /** A preliminary verdict from the files: given live, and whenever no evidence came (packages: the apt lines). */
  judgeFiles?(spec: CheckSpecOf<K>, workspace: WorkspaceSnapshot): CheckResult;
  /** With judgeFiles: when the step's first check of this kind fails, judge from the files instead of skipping. */
  judgeFilesWhenBlockedBy?: CheckKind;
}

/** The entry of kind K: static, or dynamic with the evidence kind its probe and judge agree on. */
export type KindEntry<K extends CheckKind> = StaticKindEntry<K> | { [E in EvidenceKind]: DynamicKindEntry<K, E> }[EvidenceKind];

/** Any entry, as the runner reads it. */
export type AnyKindEntry = StaticKindEntry<CheckKind> | DynamicKindEntry<CheckKind, EvidenceKind>;
