import { getClassFailures } from "@/server/identity/classes";
import { classReadRoute } from "../../_lib/class-route";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** Where the class's students get stuck, step by step (server/analytics/step-failures.ts): session or API token. */
export const GET = classReadRoute(async (actor, { id }: { id: string }) => ({ steps: await getClassFailures(actor, id) }));
