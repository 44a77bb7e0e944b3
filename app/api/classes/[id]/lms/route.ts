import { z } from "zod";
import { getClassLms, retryClassPassback } from "@/server/lti/class-lms";
import { classChangeRoute, classReadRoute } from "../../_lib/class-route";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** The class's LMS binding and its score passbacks (sent, retrying and why, given up): its teacher or an admin (session or API token). */
export const GET = classReadRoute((actor, { id }: { id: string }) => getClassLms(actor, id));

/** Sends a given-up passback again: its teacher or an admin, from the workbench page. */
export const POST = classChangeRoute(z.object({ retry: z.string().min(1).max(64) }), (actor, id, input) => retryClassPassback(actor, id, input.retry));
