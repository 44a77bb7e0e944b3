/**
 * The two shapes of the class routes. One that changes a class: same-site only, a teacher's or
 * admin's browser session, a body checked against its schema, then the change. One that reads:
 * the same session or a teacher's API token (docs/api.md). The permission rule itself (whose
 * class, which student) is server/identity/classes.ts's.
 */
import type { z } from "zod";
import { requireAccount, type SignedIn } from "@/server/identity/accounts";
import { requireTeacherReader } from "@/server/identity/api-tokens";
import { TEACHING_ROLES } from "@/server/identity/classes";
import { assertSameSite, json, respond } from "../../_lib/http";
import { readValidBody } from "../../auth/_lib/auth-http";

export function classChangeRoute<S extends z.ZodType>(body: S, change: (actor: SignedIn, classId: string, input: z.infer<S>) => Promise<unknown>) {
  return (request: Request, context: { params: Promise<{ id: string }> }): Promise<Response> =>
    respond(async () => {
      assertSameSite(request);
      const actor = await requireAccount(request.headers.get("cookie"), TEACHING_ROLES);
      const { id } = await context.params;
      const input = await readValidBody(request, body);
      return json(await change(actor, id, input));
    });
}

/** A read of one class: `read` returns a Response (sent as is) or a value (sent as JSON). */
export function classReadRoute<P extends { id: string }>(read: (actor: SignedIn, params: P, request: Request) => Promise<unknown>) {
  return (request: Request, context: { params: Promise<P> }): Promise<Response> =>
    respond(async () => {
      const actor = await requireTeacherReader(request);
      const result = await read(actor, await context.params, request);
      return result instanceof Response ? result : json(result);
    });
}
