import { requireAccount } from "@/server/identity/accounts";
import { TEACHING_ROLES } from "@/server/identity/classes";
import { courseStatus } from "@/server/lessons/course-cache";
import { json, respond } from "../../../_lib/http";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** Which version of the lessons the server serves (it grows at each reload) and why the files on disk do not load, if they do not: what an open preview page polls. */
export function GET(request: Request): Promise<Response> {
  return respond(async () => {
    await requireAccount(request.headers.get("cookie"), TEACHING_ROLES);
    return json(courseStatus());
  });
}
