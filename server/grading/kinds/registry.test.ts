/**
 * The kinds registry: one entry per kind of checkSpecSchema, every field described, and the
 * dependency order computed from the kinds' declared needs equal to what the hand-written rules
 * it replaced gave, on every lesson's real checks and on synthetic steps that reach every rule.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { loadCourse, type Lesson } from "../../lessons/load-lessons";
import { checkSpecSchema, checksFileSchema, type CheckKind, type CheckSpec } from "../check-spec";
import type { ProbeOutcome } from "../evidence";
import { judgeDynamic } from "../judge";
import { implicitDependencies, orderByDependencies } from "./dependencies";
import recorded from "./fixtures/recorded-dependencies.json";
import { CHECK_KINDS, isStaticKind, kindEntry } from "./registry";

/** What judge.ts and run-checks.ts said per kind before the registry (STATIC_KINDS, RETRYING_KINDS, the judge's switch). */
const FORMER_STATIC_KINDS = [
  "folder",
  "base-image",
  "instruction",
  "env-in-one-instruction",
  "archive-download",
  "trailing-comments",
  "dockerfile-lint",
  "compose-file",
  "stack-file",
  "persistence-declared",
];
const FORMER_RETRYING_KINDS = ["swarm", "containers", "http", "exec", "processes"];
const FORMER_EVIDENCE: Record<string, ProbeOutcome["kind"]> = {
  packages: "packages",
  build: "build",
  container: "container",
  "image-config": "image-config",
  processes: "processes",
  http: "http",
  exec: "exec",
  persistence: "persistence",
  shell: "exec",
  "wordpress-journey": "wordpress-journey",
  "compose-up": "compose-up",
  script: "exec",
  containers: "containers",
  swarm: "swarm",
};

type Schema = { description?: string; _zod: { def: { type: string; innerType?: Schema; element?: Schema; valueType?: Schema; shape?: Record<string, Schema> } } };

/** Paths of the fields (of objects at any depth) that have no description; `kind` is the union's discriminator. */
function undescribedFields(schema: Schema, path: string): string[] {
  const def = schema._zod.def;
  if (def.innerType) return undescribedFields(def.innerType, path); // optional, default, nullable
  if (def.type === "array") return undescribedFields(def.element!, `${path}[]`);
  if (def.type === "record") return undescribedFields(def.valueType!, `${path}{}`);
  if (def.type !== "object") return [];
  return Object.entries(def.shape!).flatMap(([key, field]) => [...(key === "kind" || field.description ? [] : [`${path}.${key}`]), ...undescribedFields(field, `${path}.${key}`)]);
}

const unionKinds = checkSpecSchema.options.map((option) => option.shape.kind.value as CheckKind);

describe("the kinds registry", () => {
  it("has one entry per kind of the union, holding that kind's spec", () => {
    expect(Object.keys(CHECK_KINDS).sort()).toEqual([...unionKinds].sort());
    for (const option of checkSpecSchema.options) {
      const kind = option.shape.kind.value as CheckKind;
      expect(kindEntry(kind).kind).toBe(kind);
      expect(kindEntry(kind).spec, kind).toBe(option);
      expect(kindEntry(kind).summary.length, `${kind} says what it checks`).toBeGreaterThan(10);
    }
  });

  it("describes every field of every kind, nested ones included", () => {
    const undescribed = unionKinds.flatMap((kind) => undescribedFields(kindEntry(kind).spec as unknown as Schema, kind));
    expect(undescribed).toEqual([]);
  });

  it("gives each kind the phase, the retries and the evidence it had before", () => {
    expect(unionKinds.filter(isStaticKind).sort()).toEqual([...FORMER_STATIC_KINDS].sort());
    expect(
      unionKinds
        .filter((k) => {
          const e = kindEntry(k);
          return e.phase === "dynamic" && e.retries;
        })
        .sort(),
    ).toEqual([...FORMER_RETRYING_KINDS].sort());
    const evidence = Object.fromEntries(
      unionKinds.flatMap((k) => {
        const e = kindEntry(k);
        return e.phase === "dynamic" ? [[k, e.evidence]] : [];
      }),
    );
    expect(evidence).toEqual(FORMER_EVIDENCE);
  });

  it("reports evidence of another kind than the entry's as our error, for every dynamic kind", () => {
    const other: ProbeOutcome = { kind: "http", chain: [] };
    const exec: ProbeOutcome = { kind: "exec", exitCode: 0, output: "", timedOut: false };
    for (const kind of unionKinds) {
      const entry = kindEntry(kind);
      if (entry.phase !== "dynamic") continue;
      const spec = { kind, id: "x", title: "x", requires: [], weight: 1 } as unknown as CheckSpec;
      const wrong = entry.evidence === "http" ? exec : other;
      expect(judgeDynamic(spec, wrong, { folder: "f", files: {} }), kind).toMatchObject({
        status: "error",
        message: `The grader gathered ${wrong.kind} evidence for a ${kind} check (a fault of ours, not yours).`,
      });
    }
  });
});

describe("dependencies computed from the kinds' needs", () => {
  let course: Lesson[];
  beforeAll(async () => {
    course = await loadCourse();
  });

  const dependenciesOf = (checks: CheckSpec[]) => Object.fromEntries(checks.map((c) => [c.id, implicitDependencies(c, checks)]));

  it("covers every lesson of the course", () => {
    expect(course.map((l) => String(l.checks.step)).sort()).toEqual(Object.keys(recorded.lessons).sort());
  });

  it.each(Object.entries(recorded.lessons))("equal the former rules on step %s's checks, and so does the run order", (step, former) => {
    const checks = course.find((l) => String(l.checks.step) === step)!.checks.checks;
    expect(dependenciesOf(checks)).toEqual(former.dependencies);
    expect(orderByDependencies(checks).map((c) => c.id)).toEqual(former.order);
  });

  it.each(recorded.scenarios.map((s) => [s.name, s] as const))("equal the former rules on %s", (_name, scenario) => {
    const checks = checksFileSchema.parse({ step: 1, folder: "f", checks: scenario.checks }).checks;
    expect(dependenciesOf(checks)).toEqual(scenario.dependencies);
    expect(orderByDependencies(checks).map((c) => c.id)).toEqual(scenario.order);
  });
});
