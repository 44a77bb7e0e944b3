import { deleteFile, readFile, requireStudent, writeFile } from "@/server/app-api";
import { MAX_FILE_BYTES, type FileContentResponse, type OkResponse } from "@/app/_components/api-types";
import { AppError } from "@/server/app-error";
import { bytesOf, say } from "@/lib/i18n/text-ref";
import { assertSameSite, json, parseWorkspacePath, respond } from "../../_lib/http";
import { readTextBody } from "../../_lib/read-body";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

const pathOf = (request: Request) => parseWorkspacePath(new URL(request.url).searchParams.get("path"));

/** GET /api/files/content?path=… — a file's text. */
export function GET(request: Request): Promise<Response> {
  return respond(async () => {
    const student = await requireStudent(request);
    const path = pathOf(request);
    const content = await readFile(student.id, path);
    return json<FileContentResponse>({ path, content });
  });
}

/** PUT /api/files/content?path=… with the new text as the body (created if missing). */
export function PUT(request: Request): Promise<Response> {
  return respond(async () => {
    assertSameSite(request);
    const student = await requireStudent(request);
    const path = pathOf(request);
    const content = await readTextBody(request, MAX_FILE_BYTES, tooLargeText());
    if (new TextEncoder().encode(content).byteLength > MAX_FILE_BYTES) throw tooLarge();
    await writeFile(student.id, path, content);
    return json<OkResponse>({ ok: true });
  });
}

/** DELETE /api/files/content?path=… */
export function DELETE(request: Request): Promise<Response> {
  return respond(async () => {
    assertSameSite(request);
    const student = await requireStudent(request);
    await deleteFile(student.id, pathOf(request));
    return json<OkResponse>({ ok: true });
  });
}

const tooLargeText = () => say("files.textTooLarge", { size: bytesOf(MAX_FILE_BYTES) });

function tooLarge() {
  return new AppError("too_large", tooLargeText());
}
