/**
 * Starts one throwaway learner engine (no workspace, no student) and removes it: whether learner
 * engines can start on this host at all, and if not, why and how to fix it. Used by the server at
 * start-up (./engine-health.ts) and by `npm run doctor`.
 */
import { randomBytes } from "node:crypto";
import type { EngineManager } from "./engine-manager";
import { diagnoseEngineFailure } from "./engine-failure";
import { describeDockerError } from "./docker-errors";

export type EngineProbeResult = { ok: true; readyMs: number } | { ok: false; reason: string; fix?: string };

export async function probeLearnerEngine(engines: EngineManager, owner: string): Promise<EngineProbeResult> {
  const name = `wb-${owner}-probe-${randomBytes(4).toString("hex")}`;
  try {
    const engine = await engines.launchExtra({ name, studentLabel: "probe", workspaceHostPath: undefined });
    engine.close();
    return { ok: true, readyMs: engine.readyMs };
  } catch (error) {
    const cause = error instanceof Error && error.cause !== undefined ? error.cause : error;
    const detail = describeDockerError(cause);
    const known = diagnoseEngineFailure(detail);
    return known ? { ok: false, reason: known.reason, fix: known.fix } : { ok: false, reason: detail };
  } finally {
    await engines.removeExtraEngine(name).catch(() => undefined);
  }
}
