import { getClassGrid, joinPath } from "@/server/identity/classes";
import { classReadRoute } from "../_lib/class-route";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** One class with its students × steps grid and due dates: its teacher or an admin (session or API token). */
export const GET = classReadRoute(async (actor, { id }: { id: string }) => {
  const { class: klass, rows } = await getClassGrid(actor, id);
  return {
    id: klass.id,
    name: klass.name,
    steps: klass.steps,
    joinCode: klass.joinCode,
    joinPath: joinPath(klass.joinCode),
    deadlines: Object.fromEntries([...klass.deadlines].map(([step, due]) => [step, due.toISOString()])),
    rows,
  };
});
