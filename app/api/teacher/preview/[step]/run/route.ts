import { z } from "zod";
import { AppError } from "@/server/app-error";
import { say } from "@/lib/i18n/text-ref";
import { requireAccount } from "@/server/identity/accounts";
import { TEACHING_ROLES } from "@/server/identity/classes";
import { previewRunOf, startPreviewRun, type PreviewTarget } from "@/server/authoring/preview-runs";
import { previewFilesOf } from "@/server/authoring/preview-files";
import { assertSameSite, json, parseStep, respond } from "../../../../_lib/http";
import { readValidBody } from "../../../../auth/_lib/auth-http";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

type Context = { params: Promise<{ step: string }> };

const id = z.string().min(1).max(64);
const startSchema = z.object({ submission: z.object({ classId: id, studentId: id, runId: id }).strict().optional() }).strict();

/** A teacher's latest preview run of the step (`?run=ID`: on that stored submission; else on the reference solution), its messages from `?since=N` on; `{ run: null }` when none. */
export function GET(request: Request, context: Context): Promise<Response> {
  return respond(async () => {
    const actor = await requireAccount(request.headers.get("cookie"), TEACHING_ROLES);
    const step = parseStep((await context.params).step);
    const url = new URL(request.url);
    const since = Number(url.searchParams.get("since") ?? 0);
    const runId = url.searchParams.get("run");
    if (runId !== null && !id.safeParse(runId).success) throw new AppError("bad_request", say("lessonPreview.badRunId"));
    const target: PreviewTarget = runId ? { kind: "submission", runId } : { kind: "solution" };
    return json({ run: previewRunOf(actor.id, step, target, Number.isInteger(since) && since > 0 ? since : 0) });
  });
}

/** Starts a preview run of the step's checks on its reference solution, or on a stored submission of a student of the teacher's class (`{ submission }`). */
export function POST(request: Request, context: Context): Promise<Response> {
  return respond(async () => {
    assertSameSite(request);
    const actor = await requireAccount(request.headers.get("cookie"), TEACHING_ROLES);
    const step = parseStep((await context.params).step);
    const { submission } = await readValidBody(request, startSchema);
    const target: PreviewTarget = submission ? { kind: "submission", runId: submission.runId } : { kind: "solution" };
    return json({ run: await startPreviewRun(actor.id, step, target, (lesson) => previewFilesOf(actor, lesson, submission)) }, 202);
  });
}
