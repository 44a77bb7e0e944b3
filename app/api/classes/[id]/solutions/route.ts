import { setSolutionOpen } from "@/server/identity/classes";
import { classChangeRoute } from "../../_lib/class-route";
import { solutionSwitchBody } from "../../../auth/_lib/schemas";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** Opens or closes one step's reference solution to the class: its teacher or an admin. */
export const POST = classChangeRoute(solutionSwitchBody, async (actor, id, { step, open }) => ({ solutionSteps: (await setSolutionOpen(actor, id, step, open)).solutionSteps }));
