/**
 * The one fake GradingSandbox of the unit tests: the methods a test gives answer, every other one
 * refuses with the method's name (a test that reaches a kind it did not expect fails loudly), and
 * `inspectSwarm` is absent unless given, as on a sandbox without a cluster.
 */
import type { GradingSandbox } from "../grading-sandbox";

type Methods = Required<GradingSandbox>;

export function fakeSandbox(answers: Partial<GradingSandbox>, refusal = "not used by this test"): GradingSandbox {
  return new Proxy(answers as GradingSandbox, {
    get(target, name) {
      if (name in target) return target[name as keyof GradingSandbox];
      if (name === "inspectSwarm" || name === "then" || typeof name === "symbol") return undefined;
      return (() => Promise.reject(new Error(`${refusal}: ${String(name)}`))) as Methods[keyof Methods];
    },
  });
}

/**
 * The fake sandbox with no dynamic evidence at all: every probe is refused, the swarm's too (an
 * absent `inspectSwarm` would be a cluster-less engine, whose swarm checks the runner retries for
 * their whole timeout). What the runner then decides comes from the student's files alone.
 */
export function noEvidenceSandbox(): GradingSandbox {
  const refusal = "no dynamic evidence in a static grade";
  return fakeSandbox({ inspectSwarm: () => Promise.reject(new Error(`${refusal}: inspectSwarm`)) }, refusal);
}
