import { z } from "zod";
import { applyClassRegrade, cancelClassRegrade, getClassRegrade, startClassRegrade } from "@/server/identity/class-regrades";
import { parseStep } from "@/app/api/_lib/http";
import { classChangeRoute, classReadRoute } from "../../_lib/class-route";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

const jobId = z.string().min(1).max(64);
const regradeBody = z.discriminatedUnion("action", [
  z.object({ action: z.literal("preview"), step: z.number().int().min(1).max(99) }),
  z.object({ action: z.literal("apply"), id: jobId }),
  z.object({ action: z.literal("cancel"), id: jobId }),
]);

/** The class's latest re-grade of a step (?step=N) with its progress and preview rows, or null: session or API token. */
export const GET = classReadRoute(async (actor, { id }: { id: string }, request) => ({
  regrade: await getClassRegrade(actor, id, parseStep(new URL(request.url).searchParams.get("step"))),
}));

/** Starts a preview of a step's re-grade, applies a ready one, or cancels one: the class's teacher or an admin, in their browser. */
export const POST = classChangeRoute(regradeBody, async (actor, id, body) => {
  if (body.action === "preview") return { regrade: await startClassRegrade(actor, id, body.step) };
  return { regrade: body.action === "apply" ? await applyClassRegrade(actor, id, body.id) : await cancelClassRegrade(actor, id, body.id) };
});
