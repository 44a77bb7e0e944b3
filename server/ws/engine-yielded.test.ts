/**
 * A student's inactive engine gave its place to a queued classmate (EngineManager's yieldPolicy):
 * every open tab is told why, in English and in French through the catalog, no engine starts by
 * itself, and the student's next keystroke asks for one again and reaches the new shell. Through
 * the real websocket handler and TerminalSession, with engines that are fakes of this test.
 */
import { afterEach, describe, expect, it } from "vitest";
import { PassThrough } from "node:stream";
import type { WebSocket } from "ws";
import type Docker from "dockerode";
import type { EngineManager, LearnerEngine } from "../sandbox/engine-manager";
import { handleConnection } from "./connection";
import { ENGINE_YIELDED_MESSAGE, HubRegistry } from "./student-hub";
import { TestPage } from "./testing/test-page";
import { createLogger } from "../logger";
import { localizeServerMessage } from "../../lib/i18n/localize-server-message";
import type { ServerMessage } from "../../lib/protocol/messages";

const log = createLogger({ level: "error", write: () => undefined });

/** Engines for student s1 whose shells echo what is typed (a PassThrough) after printing their prompt; `stop()` drops the current one. */
function yieldingEngines(prompts: string[]) {
  let started = 0;
  let current: LearnerEngine | undefined;
  const activity: string[] = [];
  const engines = {
    acquire: () => undefined,
    release: () => undefined,
    noteActivity: (id: string) => void activity.push(id),
    holdBusy: () => () => undefined,
    current: () => current,
    knownAlive: () => current,
    isAlive: async () => current !== undefined,
    ensure: async () => {
      const prompt = prompts[started] ?? "?";
      started += 1;
      const container = {
        exec: () =>
          Promise.resolve({
            start: async () => {
              const shell = new PassThrough();
              shell.write(prompt);
              return shell;
            },
            resize: async () => undefined,
          }),
      } as unknown as Docker.Container;
      current = { studentId: "s1", containerName: `wb-test-${started}`, container, fromPool: false, readyMs: 900 } as LearnerEngine;
      return current;
    },
  };
  return { engines: engines as unknown as EngineManager, stop: () => (current = undefined), started: () => started, activity };
}

const pages: TestPage[] = [];
afterEach(() => {
  for (const page of pages.splice(0)) page.close();
});

function openPage(engines: EngineManager, hubs: HubRegistry): TestPage {
  const page = new TestPage({ pollMs: 5, timeoutMs: 3_000 });
  pages.push(page);
  handleConnection(page as unknown as WebSocket, "s1", { engines, hubs, log });
  page.type({ type: "terminal.attach", cols: 80, rows: 24, lastSeq: 0 });
  return page;
}

describe("an engine that yielded its place to a queued student", () => {
  it("tells every tab why (stopped, the catalog's words, French too), starts nothing, and the next keystroke gets a new engine that receives it", async () => {
    const fake = yieldingEngines(["first$ ", "second$ "]);
    const hubs = new HubRegistry();
    const page = openPage(fake.engines, hubs);
    const other = openPage(fake.engines, hubs);
    await page.waitFor(() => page.output().includes("first$ "), "the first engine's prompt");
    await other.waitFor(() => other.output().includes("first$ "), "the first engine's prompt in the second tab");
    // What the shell prints is activity too (a long build typed in the terminal must not lose its engine), before any keystroke.
    expect(fake.activity).toContain("s1");

    const mark = page.received.length;
    fake.stop();
    hubs.yielded("s1");
    for (const tab of [page, other]) {
      const told = tab.received.find((m): m is Extract<ServerMessage, { type: "engine.status" }> => m.type === "engine.status" && m.state === "stopped");
      expect(told).toMatchObject({ message: ENGINE_YIELDED_MESSAGE, text: { key: "engine.yielded" } });
      expect(told?.message).toBe("Your Docker engine was stopped to let a waiting classmate in. Your files are safe; type in the terminal or press Restart shell to get back in the queue.");
      expect(told && localizeServerMessage(told, "fr")).toMatchObject({
        message:
          "Votre moteur Docker a été arrêté pour laisser entrer un camarade qui attendait. Vos fichiers ne risquent rien ; tapez dans le terminal ou cliquez sur Relancer le shell pour reprendre place dans la file.",
      });
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(fake.started()).toBe(1); // nothing asks for an engine until the student comes back

    page.type({ type: "terminal.input", data: "ls\r" });
    await page.waitFor(() => page.output(mark).includes("second$ "), "the new engine's prompt");
    await page.waitFor(() => page.output(mark).includes("ls\r"), "the keystroke that asked for it, in the new shell");
    await other.waitFor(() => other.output(mark).includes("second$ "), "the other tab on the new shell too");
    expect(fake.started()).toBe(2);

    // Typing in the new shell asks for nothing more.
    page.type({ type: "terminal.input", data: "pwd\r" });
    await page.waitFor(() => page.output(mark).includes("pwd\r"), "the next command in the same shell");
    expect(fake.started()).toBe(2);
  });

  it("with no page open, the hub goes and nothing starts", () => {
    const fake = yieldingEngines(["first$ "]);
    const hubs = new HubRegistry();
    hubs.get("s1");
    hubs.yielded("s1");
    expect(fake.started()).toBe(0);
    expect(hubs.all()).toHaveLength(0);
  });
});
