import { requireStudent, uploadFiles } from "@/server/app-api";
import { MAX_UPLOAD_BYTES, MAX_UPLOAD_FILES, type OkResponse } from "@/app/_components/api-types";
import { AppError, isAppError } from "@/server/app-error";
import { bytesOf, say } from "@/lib/i18n/text-ref";
import { assertSameSite, json, parseWorkspacePath, respond } from "../../_lib/http";
import { readFormBody } from "../../_lib/read-body";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** POST /api/files/upload — multipart form: `dir` (workspace folder) and one or more `files`. */
export function POST(request: Request): Promise<Response> {
  return respond(async () => {
    assertSameSite(request);
    const student = await requireStudent(request);
    let form: FormData;
    try {
      // The files plus room for the multipart framing and the `dir` field.
      form = await readFormBody(request, MAX_UPLOAD_BYTES + 64 * 1024, tooLargeText());
    } catch (error) {
      if (isAppError(error)) throw error;
      throw new AppError("bad_request", say("upload.notMultipart"));
    }
    const dirField = form.get("dir");
    const dir = parseWorkspacePath(typeof dirField === "string" ? dirField : null, "folder");
    const uploaded = form.getAll("files").filter((value): value is File => typeof value !== "string");
    if (uploaded.length === 0) throw new AppError("bad_request", say("upload.chooseFile"));
    if (uploaded.length > MAX_UPLOAD_FILES) {
      throw new AppError("too_large", say("upload.tooManyFiles", { count: MAX_UPLOAD_FILES }));
    }
    const total = uploaded.reduce((sum, file) => sum + file.size, 0);
    if (total > MAX_UPLOAD_BYTES) throw tooLarge();

    const files = await Promise.all(uploaded.map(async (file) => ({ name: baseName(file.name), content: new Uint8Array(await file.arrayBuffer()) })));
    await uploadFiles(student.id, dir, files);
    return json<OkResponse>({ ok: true });
  });
}

/** Browsers send bare names, but a hand-made request might not: keep the last segment only. */
function baseName(name: string): string {
  const base = name.split(/[\\/]/).pop()?.trim() ?? "";
  if (!base || base === "." || base === "..") throw new AppError("bad_request", say("upload.badName", { name }));
  return base;
}

const tooLargeText = () => say("upload.tooLarge", { size: bytesOf(MAX_UPLOAD_BYTES) });

function tooLarge() {
  return new AppError("too_large", tooLargeText());
}
