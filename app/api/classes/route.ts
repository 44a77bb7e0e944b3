import { requireAccount } from "@/server/identity/accounts";
import { requireTeacherReader } from "@/server/identity/api-tokens";
import { createTeacherClass, joinPath, listVisibleClasses, TEACHING_ROLES } from "@/server/identity/classes";
import { assertSameSite, json, respond } from "../_lib/http";
import { readValidBody } from "../auth/_lib/auth-http";
import { createClassBody } from "../auth/_lib/schemas";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

const view = (klass: { id: string; name: string; steps: number[]; joinCode: string; createdAt: Date }) => ({
  id: klass.id,
  name: klass.name,
  steps: klass.steps,
  joinCode: klass.joinCode,
  joinPath: joinPath(klass.joinCode),
  createdAt: klass.createdAt.toISOString(),
});

/** The teacher's own classes (an admin: all): session or API token. */
export function GET(request: Request): Promise<Response> {
  return respond(async () => {
    const actor = await requireTeacherReader(request);
    return json({ classes: (await listVisibleClasses(actor)).map(view) });
  });
}

/** A teacher creates a class and gets its join code and link. */
export function POST(request: Request): Promise<Response> {
  return respond(async () => {
    assertSameSite(request);
    const actor = await requireAccount(request.headers.get("cookie"), TEACHING_ROLES);
    const body = await readValidBody(request, createClassBody);
    return json(view(await createTeacherClass(actor, body)), 201);
  });
}
