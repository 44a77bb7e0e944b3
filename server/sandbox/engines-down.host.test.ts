/**
 * When learner engines cannot start on the host (here: /dev/net/tun made root-only, as on some
 * fresh machines), the real server notices with its start-up probe, students are told at once
 * (the websocket's engine.status is an error within seconds, not a 60 s time-out each) and every
 * page shows it; once the host is fixed, the banner's Try again starts the student's engine.
 * Vitest project "host": it changes a device every engine uses, so it runs alone;
 * the device's mode is restored after.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chmodSync, mkdirSync, statSync } from "node:fs";
import path from "node:path";
import { ensureNextBuild, startWorkbench, REPO_ROOT, type RunningWorkbench } from "../../e2e/support/workbench-server";
import { launchChromium, waitForTerminal } from "../../e2e/support/browser";
import WebSocket from "ws";
import { decodeServerMessage } from "../../lib/protocol/messages";
import { freePort } from "../http/testing/free-port";
import { ENGINES_DOWN_MESSAGE } from "./engine-health";

const TUN = "/dev/net/tun";
const originalMode = statSync(TUN).mode & 0o777;
let workbench: RunningWorkbench | undefined;
let port = 0;

beforeAll(async () => {
  ensureNextBuild();
  chmodSync(TUN, 0o600);
  port = await freePort();
  workbench = await startWorkbench({ port });
});

afterAll(async () => {
  chmodSync(TUN, originalMode);
  await workbench?.stop();
});

describe("a host where learner engines cannot start", () => {
  it("is reported by the server's probe, to students at once and on the pages", async () => {
    const base = workbench!.url;
    let state = "checking";
    for (let i = 0; i < 120 && state !== "failed"; i++) {
      state = ((await (await fetch(`${base}/api/health`)).json()) as { engines: { state: string } }).engines.state;
      if (state !== "failed") await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(state).toBe("failed");
    expect(workbench!.logs()).toContain("learner engines cannot start on this host");
    expect(workbench!.logs()).toContain("chmod 0666 /dev/net/tun");

    const home = await fetch(`${base}/`);
    const cookie = home.headers.get("set-cookie")?.split(";")[0] ?? "";
    // The listener is attached before the socket opens: the refusal may come in the same packet as the upgrade.
    const began = Date.now();
    const socket = new WebSocket(`ws://127.0.0.1:${port}/ws`, { headers: { Cookie: cookie, Origin: base } });
    const status = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("no engine.status error within 10 s")), 10_000);
      socket.on("error", reject);
      socket.on("message", (raw) => {
        const decoded = decodeServerMessage(String(raw));
        if (decoded.ok && decoded.message.type === "engine.status" && decoded.message.state === "error") {
          clearTimeout(timer);
          resolve(decoded.message.message);
        }
      });
    });
    expect(Date.now() - began).toBeLessThan(5_000);
    expect(status).toBe(ENGINES_DOWN_MESSAGE);
    socket.close();

    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
      await page.goto(`${base}/`);
      await expect.poll(() => page.getByTestId("engine-health-banner").innerText(), { timeout: 15_000 }).toContain("Docker engines cannot start");
      await page.goto(`${base}/steps/1`);
      await expect.poll(() => page.getByTestId("engine-health-banner").innerText(), { timeout: 15_000 }).toContain("Tell your teacher");
      const shots = path.join(REPO_ROOT, "test-results");
      mkdirSync(shots, { recursive: true });
      await page.screenshot({ path: path.join(shots, "engines-down-step1.png") });

      // The engine banner says so too, with its Try again button.
      const tryAgain = page.getByRole("button", { name: "Try again" });
      await tryAgain.waitFor({ state: "visible", timeout: 30_000 });

      // The operator fixes the host; the student presses Try again: the server probes again (its
      // last probe is older than 10 s) and the student's engine starts.
      chmodSync(TUN, originalMode);
      await new Promise((resolve) => setTimeout(resolve, 10_500));
      await tryAgain.click();
      await waitForTerminal(page, /learner@[\w.-]+:/, 60_000);
      await expect.poll(() => page.locator(".engine-chip").first().innerText(), { timeout: 10_000 }).toContain("ready");
    } finally {
      await browser.close();
    }
  });
});
