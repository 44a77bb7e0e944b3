/**
 * A teacher's preview run against real Docker, through the real routes: step 7's reference
 * solution (a stack of the stand-in images pulled from the mirror, no build: what is proven here
 * is the run around the grade, and the step-1 reference's cold build, ~2 min, is proven by
 * lessons/01-dirty-dockerfile/step1.int.test.ts) is graded in a fresh engine of the server's
 * manager, followed by polling, passes every check, stores no grade, and leaves no engine behind.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ServerMessage } from "../../lib/protocol/messages";
import { POST as signIn } from "../../app/api/auth/sign-in/route";
import { GET as getRun, POST as startRun } from "../../app/api/teacher/preview/[step]/run/route";
import { cookiesOf, makeAccount, pageRequest, TEST_PASSWORD, useTestDatabase } from "../identity/testing/route-testing";
import { provideGraderEngines } from "../grading-services/server-grader-engines";
import { createTestEngines } from "../sandbox/testing/test-engines";
import { getHostDocker } from "../sandbox/host-docker";
import { LABEL_GRADER_RUN } from "../sandbox/labels";
import { getDb } from "../db/client";

type RunBody = { run: { id: string; state: string; messages: ServerMessage[]; next: number } | null };

let cleanup: () => Promise<void>;
let engines: ReturnType<typeof createTestEngines>;
let cookie = "";

beforeAll(async () => {
  cleanup = await useTestDatabase();
  await makeAccount("author@example.org", "teacher");
  cookie = cookiesOf(await signIn(pageRequest("/api/auth/sign-in", { body: { email: "author@example.org", password: TEST_PASSWORD } })));
  engines = createTestEngines("/nonexistent", { memoryBytes: 3 * 1024 ** 3, pidsLimit: 2048, nanoCpus: 2e9 });
  provideGraderEngines(engines);
});

afterAll(async () => {
  provideGraderEngines(undefined);
  await engines?.shutdown().catch(() => undefined);
  await cleanup?.();
});

const STEP = "7";

describe("a preview run of step 7's reference solution", () => {
  it("passes every check in a fresh sandbox, stores nothing, and removes its engine", async () => {
    const began = Date.now();
    const started = await startRun(pageRequest(`/api/teacher/preview/${STEP}/run`, { cookie, body: {} }), { params: Promise.resolve({ step: STEP }) });
    expect(started.status).toBe(202);
    const { run } = (await started.json()) as RunBody;
    const messages: ServerMessage[] = [...run!.messages];
    let next = run!.next;
    let state = run!.state;
    while (state === "running") {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const body = (await (await getRun(pageRequest(`/api/teacher/preview/${STEP}/run?since=${next}`, { cookie }), { params: Promise.resolve({ step: STEP }) })).json()) as RunBody;
      messages.push(...body.run!.messages);
      next = body.run!.next;
      state = body.run!.state;
    }
    console.log(`step ${STEP} preview run: ${Math.round((Date.now() - began) / 1000)} s`);
    const finished = messages.find((m) => m.type === "check.finished");
    expect(finished, JSON.stringify(messages.filter((m) => m.type === "error" || m.type === "check.progress").slice(-5))).toBeDefined();
    if (finished?.type !== "check.finished") return;
    expect(finished.results.filter((r) => r.status !== "pass")).toEqual([]);
    expect(finished).toMatchObject({ passed: true, score: 100 });
    expect(state).toBe("finished");
    // Results arrived one by one while it ran (the page shows them as they come), not only at the end.
    expect(messages.filter((m) => m.type === "check.result").length).toBeGreaterThanOrEqual(finished.results.length - 1);
    expect(messages.some((m) => m.type === "check.progress" && m.stage === "sandbox")).toBe(true);

    expect(await getDb().checkRun.count()).toBe(0);
    const left = await getHostDocker().listContainers({ all: true, filters: { label: [`${LABEL_GRADER_RUN}=preview-${run!.id}`] } });
    expect(left).toEqual([]);
  });
});
