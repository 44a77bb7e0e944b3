import { requireStudent } from "@/server/app-api";
import { joinClassByCode } from "@/server/identity/classes";
import { assertSameSite, json, respond } from "../../_lib/http";
import { readValidBody } from "../../auth/_lib/auth-http";
import { joinClassBody } from "../../auth/_lib/schemas";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** This browser's student (anonymous or signed up) joins the class with the code. */
export function POST(request: Request): Promise<Response> {
  return respond(async () => {
    assertSameSite(request);
    const student = await requireStudent(request, { beforeAccount: true });
    const { code } = await readValidBody(request, joinClassBody);
    const klass = await joinClassByCode(student.id, code);
    return json({ id: klass.id, name: klass.name, steps: klass.steps });
  });
}
