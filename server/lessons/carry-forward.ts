/**
 * A step builds on the ones before it: a later step's checks.yaml names, under `keeps`, the
 * checks of earlier steps whose rules it does not change (step 4 keeps step 3's container user).
 * This resolves them into checks of the later step: read in its own folder (or in the files it
 * names instead), with ids that say where they come from (step3-image-user), `requires` pointing
 * at the later step's checks, and a title and failure hint that name the earlier step.
 */
import type { Locale } from "../../lib/i18n/locale";
import { hintLevels, type CheckSpec, type ChecksFile } from "../grading/check-spec";

type Keep = ChecksFile["keeps"][number];

/** `step3-user-instruction`; with several files, `step2-best-practices-apache-wordpress`. */
export function carriedCheckId(step: number, id: string, file?: string): string {
  const fileSlug = file === undefined ? "" : `-${file.replace(/\/?Dockerfile$/, "").toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "") || "dockerfile"}`;
  return `step${step}-${id}${fileSlug}`;
}

/** Each file a kept entry reads, or `undefined` once when it keeps the checks' own files. */
const variantsOf = (keep: Keep): (string | undefined)[] => keep.files ?? [undefined];

/** The ids a checks file's `keeps` will add, known without the earlier lessons (task lists name them). */
export function carriedCheckIds(checks: ChecksFile): string[] {
  return checks.keeps.flatMap((keep) => {
    const several = (keep.files?.length ?? 0) > 1;
    return variantsOf(keep).flatMap((file) => keep.checks.map((id) => carriedCheckId(keep.step, id, several ? file : undefined)));
  });
}

/** The earlier step's own checks, by step number (what each checks.yaml declares, not what it keeps). */
export type OwnChecksByStep = ReadonlyMap<number, { slug: string; checks: readonly CheckSpec[] }>;

/** How a kept check says where it comes from, in one language. */
export interface CarryWording {
  title: (step: number, title: string, where: string) => string;
  /** The sentence before the first hint level. */
  lead: (step: number) => string;
  /** Before a failMessage. */
  broken: (step: number) => string;
}

export const ENGLISH_CARRY: CarryWording = {
  title: (step, title, where) => `Kept from step ${step}: ${title}${where}`,
  lead: (step) => `Step ${step}'s rule broken: this step keeps it as step ${step} asked.`,
  broken: (step) => `Step ${step}'s rule broken:`,
};

export const FRENCH_CARRY: CarryWording = {
  title: (step, title, where) => `Repris de l’étape ${step} : ${title}${where}`,
  lead: (step) => `Règle de l’étape ${step} non respectée : cette étape la garde telle que l’étape ${step} la demandait.`,
  broken: (step) => `Règle de l’étape ${step} non respectée :`,
};

export const CARRY_WORDING: Record<Locale, CarryWording> = { en: ENGLISH_CARRY, fr: FRENCH_CARRY };

/**
 * A kept check's hints: the lead sentence opens the first level (or is the only one when the
 * original has none); the other levels stay as they were.
 */
export function carriedHints(original: { hint?: string; hints?: string[] }, step: number, wording: CarryWording): { hint?: string; hints?: string[] } {
  const levels = hintLevels(original);
  if (levels.length <= 1) return { hint: `${wording.lead(step)}${levels[0] ? ` ${levels[0]}` : ""}`, hints: undefined };
  return { hint: undefined, hints: levels.map((level, i) => (i === 0 ? `${wording.lead(step)} ${level}` : level)) };
}

/** Where each id a checks file's `keeps` adds comes from: the earlier step, its check id, and the file read (several files only). */
export function keptOrigins(checks: ChecksFile): { id: string; step: number; originalId: string; where?: string }[] {
  return checks.keeps.flatMap((keep) => {
    const several = (keep.files?.length ?? 0) > 1;
    return variantsOf(keep).flatMap((file) =>
      keep.checks.map((id) => ({
        id: carriedCheckId(keep.step, id, several ? file : undefined),
        step: keep.step,
        originalId: id,
        ...(several && file !== undefined ? { where: file } : {}),
      })),
    );
  });
}

/**
 * The checks `later` keeps, ready to append to its own. Throws an Error whose message says which
 * reference is wrong (unknown step, a step that is not earlier, unknown check id, a file given for
 * a check that reads none, a `requires` the later step cannot satisfy).
 */
export function resolveKeptChecks(later: ChecksFile, earlier: OwnChecksByStep): CheckSpec[] {
  const ownIds = new Set(later.checks.map((c) => c.id));
  const resolved: CheckSpec[] = [];
  for (const keep of later.keeps) {
    if (keep.step >= later.step) throw new Error(`keeps checks of step ${keep.step}, which does not come before step ${later.step}`);
    const source = earlier.get(keep.step);
    if (!source) throw new Error(`keeps checks of step ${keep.step}, but no lesson is step ${keep.step}`);
    const byId = new Map(source.checks.map((c) => [c.id, c]));
    const several = (keep.files?.length ?? 0) > 1;
    for (const file of variantsOf(keep)) {
      const newId = (id: string) => carriedCheckId(keep.step, id, several ? file : undefined);
      for (const id of keep.checks) {
        const original = byId.get(id);
        if (!original) {
          throw new Error(`keeps check "${id}" of step ${keep.step}, which ${source.slug}/checks.yaml does not have (it has ${[...byId.keys()].join(", ")})`);
        }
        if (file !== undefined && !("file" in original)) {
          throw new Error(`keeps check "${id}" of step ${keep.step} in ${file}, but a ${original.kind} check reads no file`);
        }
        const requires = original.requires.map((required) => {
          if (keep.checks.includes(required)) return newId(required);
          if (ownIds.has(required)) return required;
          throw new Error(
            `keeps check "${id}" of step ${keep.step}, which requires "${required}": keep that one too, or give step ${later.step} a check with that id`,
          );
        });
        const where = several && file !== undefined ? ` (${file})` : "";
        const carried = {
          ...original,
          id: newId(id),
          title: ENGLISH_CARRY.title(keep.step, original.title, where),
          ...carriedHints(original, keep.step, ENGLISH_CARRY),
          requires,
          ...(file !== undefined ? { file } : {}),
          ...("failMessage" in original && original.failMessage ? { failMessage: `${ENGLISH_CARRY.broken(keep.step)} ${original.failMessage}` } : {}),
        } as CheckSpec;
        resolved.push(carried);
      }
    }
  }
  return resolved;
}
