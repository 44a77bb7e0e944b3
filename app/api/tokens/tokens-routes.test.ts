/**
 * The teacher's read-only HTTP API: tokens made and revoked by a signed-in teacher, then used by a
 * script (no cookie) on every read route of their classes, and refused on everything else.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCheckRun, ensureStudent, finishCheckRun } from "@/server/db/repositories";
import { cookiesOf, makeAccount, pageRequest, studentCookie, TEST_PASSWORD, useTestDatabase } from "@/server/identity/testing/route-testing";
import { POST as signIn } from "../auth/sign-in/route";
import { GET as listTokens, POST as makeToken } from "./route";
import { DELETE as revokeToken } from "./[id]/route";
import { GET as listClasses, POST as createClass } from "../classes/route";
import { GET as getClass } from "../classes/[id]/route";
import { GET as getCsv } from "../classes/[id]/grades.csv/route";
import { GET as getFailures } from "../classes/[id]/failures/route";
import { POST as setDeadline } from "../classes/[id]/deadlines/route";
import { GET as getWork } from "../classes/[id]/students/[studentId]/steps/[step]/route";
import { POST as joinClass } from "../classes/join/route";

let cleanup: () => Promise<void>;
const cookies = { owner: "", other: "", student: "" };
let classId = "";
let otherClassId = "";
const STUDENT = "tokn0000tokn0000";

const sessionOf = async (email: string) => cookiesOf(await signIn(pageRequest("/api/auth/sign-in", { body: { email, password: TEST_PASSWORD } })));
/** A script's request: the token, no cookie, no browser headers. */
const scripted = (url: string, token: string, init: { method?: string; body?: unknown } = {}) =>
  new Request(new URL(url, "http://localhost:3000"), {
    method: init.method ?? "GET",
    headers: { authorization: `Bearer ${token}`, ...(init.body !== undefined && { "content-type": "application/json" }) },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
const params = <P>(p: P) => ({ params: Promise.resolve(p) });

beforeAll(async () => {
  cleanup = await useTestDatabase();
  await makeAccount("token.owner@example.org", "teacher");
  await makeAccount("token.other@example.org", "teacher");
  await makeAccount("token.student@example.org", "student", "tokstud0tokstud0");
  cookies.owner = await sessionOf("token.owner@example.org");
  cookies.other = await sessionOf("token.other@example.org");
  cookies.student = await sessionOf("token.student@example.org");
  const make = async (cookie: string, name: string) => (await (await createClass(pageRequest("/api/classes", { cookie, body: { name, steps: [1] } }))).json()) as { id: string; joinCode: string };
  const mine = await make(cookies.owner, "Scripted group");
  classId = mine.id;
  otherClassId = (await make(cookies.other, "Someone else's group")).id;
  await ensureStudent(STUDENT, "Student scripted");
  await joinClass(pageRequest("/api/classes/join", { body: { code: mine.joinCode }, cookie: studentCookie(STUDENT) }));
  const run = await createCheckRun({ studentId: STUDENT, step: 1, filesSnapshot: { "1_wordpress_dirty/Dockerfile": "FROM debian:latest\n" }, mode: "verified" });
  await finishCheckRun(run, { score: 75, passed: false, results: [], buildLog: "built" });
});
afterAll(() => cleanup());

describe("API tokens", () => {
  it("are made by a signed-in teacher only, shown once, and listed without their secret", async () => {
    expect((await makeToken(pageRequest("/api/tokens", { body: { name: "x" } }))).status).toBe(401);
    expect((await makeToken(pageRequest("/api/tokens", { body: { name: "x" }, cookie: cookies.student }))).status).toBe(403);
    expect((await makeToken(pageRequest("/api/tokens", { body: { name: "" }, cookie: cookies.owner }))).status).toBe(400);
    expect((await makeToken(pageRequest("/api/tokens", { body: { name: "x" }, cookie: cookies.owner, headers: { "sec-fetch-site": "cross-site" } }))).status).toBe(403);
    const made = await makeToken(pageRequest("/api/tokens", { body: { name: "nightly export" }, cookie: cookies.owner }));
    expect(made.status).toBe(201);
    const { token, id } = (await made.json()) as { token: string; id: string };
    expect(token).toMatch(/^wbt_[A-Za-z0-9_-]{43}$/);
    const listed = (await (await listTokens(pageRequest("/api/tokens", { cookie: cookies.owner }))).json()) as { tokens: Record<string, unknown>[] };
    expect(listed.tokens).toEqual([expect.objectContaining({ id, name: "nightly export", lastUsedAt: null })]);
    expect(JSON.stringify(listed)).not.toContain(token.slice(4));
    // A token cannot list or make tokens: those take a browser session.
    expect((await listTokens(scripted("/api/tokens", token))).status).toBe(401);
  });

  it("read everything the teacher's pages show of their own classes, and nothing else", async () => {
    const { token } = (await (await makeToken(pageRequest("/api/tokens", { body: { name: "grades" }, cookie: cookies.owner }))).json()) as { token: string };
    const classes = (await (await listClasses(scripted("/api/classes", token))).json()) as { classes: { id: string }[] };
    expect(classes.classes.map((c) => c.id)).toEqual([classId]);
    const grid = await getClass(scripted(`/api/classes/${classId}`, token), params({ id: classId }));
    expect(grid.status).toBe(200);
    expect(((await grid.json()) as { rows: { studentId: string; cells: { bestScore: number | null }[] }[] }).rows).toEqual([
      expect.objectContaining({ studentId: STUDENT, cells: [expect.objectContaining({ bestScore: 75 })] }),
    ]);
    const csv = await getCsv(scripted(`/api/classes/${classId}/grades.csv`, token), params({ id: classId }));
    expect(await csv.text()).toContain("Student scripted,,");
    const failures = (await (await getFailures(scripted(`/api/classes/${classId}/failures`, token), params({ id: classId }))).json()) as { steps: { step: number; students: number }[] };
    expect(failures.steps).toEqual([expect.objectContaining({ step: 1, students: 1 })]);
    const work = await getWork(scripted(`/api/classes/${classId}/students/${STUDENT}/steps/1`, token), params({ id: classId, studentId: STUDENT, step: "1" }));
    expect(((await work.json()) as { shown: { filesSnapshot: Record<string, string>; buildLog: string } }).shown).toMatchObject({
      filesSnapshot: { "1_wordpress_dirty/Dockerfile": "FROM debian:latest\n" },
      buildLog: "built",
    });

    // Another teacher's class: as unknown as with their session. A change: refused (sessions only).
    expect((await getClass(scripted(`/api/classes/${otherClassId}`, token), params({ id: otherClassId }))).status).toBe(404);
    expect((await getWork(scripted(`/api/classes/${otherClassId}/students/${STUDENT}/steps/1`, token), params({ id: otherClassId, studentId: STUDENT, step: "1" }))).status).toBe(404);
    const change = await setDeadline(scripted(`/api/classes/${classId}/deadlines`, token, { method: "POST", body: { step: 1, dueAt: null } }), params({ id: classId }));
    expect([401, 403]).toContain(change.status);
    // A mistyped or made-up token is refused outright, even beside a valid session cookie.
    const bad = new Request(`http://localhost:3000/api/classes`, { headers: { authorization: "Bearer wbt_" + "A".repeat(43), cookie: cookies.owner } });
    expect((await listClasses(bad)).status).toBe(401);
    expect((await listClasses(scripted("/api/classes", "not-a-token"))).status).toBe(401);
  });

  it("stop working once revoked, and only their owner revokes them", async () => {
    const { token, id } = (await (await makeToken(pageRequest("/api/tokens", { body: { name: "to revoke" }, cookie: cookies.owner }))).json()) as { token: string; id: string };
    expect((await listClasses(scripted("/api/classes", token))).status).toBe(200);
    const used = (await (await listTokens(pageRequest("/api/tokens", { cookie: cookies.owner }))).json()) as { tokens: { id: string; lastUsedAt: string | null }[] };
    expect(used.tokens.find((t) => t.id === id)?.lastUsedAt).not.toBeNull();
    const revoke = (cookie: string) => revokeToken(pageRequest(`/api/tokens/${id}`, { method: "DELETE", cookie }), params({ id }));
    expect((await revoke(cookies.other)).status).toBe(404);
    expect((await listClasses(scripted("/api/classes", token))).status).toBe(200);
    expect((await revoke(cookies.owner)).status).toBe(200);
    expect((await listClasses(scripted("/api/classes", token))).status).toBe(401);
  });
});
