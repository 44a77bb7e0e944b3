/**
 * End to end in Debian's Chromium against the real workbench started with
 * WB_CLUSTER_MODE=privileged-caps: step 9's terminal has a tab per node of the student's cluster,
 * each a real shell on that node, reachable with the keyboard; switching back shows that node's
 * screen again; the page notes the missing IPVS; stopping the server removes the cluster.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { type RunningWorkbench } from "./support/workbench-server";
import { SHOTS, useWorkbenchAndBrowser, terminalText, waitForTerminal } from "./support/browser";
import { getHostDocker } from "../server/sandbox/host-docker";
import { LABEL_CLUSTER, LABEL_OWNER } from "../server/sandbox/labels";

const PORT = Number(process.env.E2E_CLUSTER_PORT ?? 3219);
let workbench: RunningWorkbench;
let browser: Browser;
let foreign = new Set<string>();

const clusterNodes = async () => (await getHostDocker().listContainers({ all: true, filters: { label: [LABEL_CLUSTER, `${LABEL_OWNER}=server`] } })).filter((c) => !foreign.has(c.Id));

useWorkbenchAndBrowser(
  {
    port: PORT,
    env: { WB_CLUSTER_MODE: "privileged-caps" },
    first: async () => {
      foreign = new Set((await clusterNodes()).map((c) => c.Id));
    },
  },
  (w, b) => {
    workbench = w;
    browser = b;
  },
);

async function typeInTerminal(page: Page, text: string): Promise<void> {
  await page.locator('[data-testid="terminal"] .xterm').click();
  await page.keyboard.type(text);
  await page.keyboard.press("Enter");
}

test("step 9: the terminal switches between node1, node2 and node3, each a real shell", { timeout: 5 * 60_000 }, async () => {
  const context = await browser.newContext({ viewport: { width: 1500, height: 950 } });
  const page = await context.newPage();
  try {
    await page.goto(`${workbench.url}/steps/9`);
    const tabs = page.getByRole("tablist", { name: "Which machine the terminal runs on" });
    // The tabs come with the lesson, fetched by the page: right after the integration stage the
    // host can be slow to answer (one CI run timed out at 60 s here). Say what the page showed.
    await tabs.waitFor({ timeout: 120_000 }).catch(async (error: unknown) => {
      const shown = await page
        .locator("body")
        .innerText()
        .catch(() => "(unreadable)");
      throw new Error(`${(error as Error).message}\nThe page showed: ${shown.replace(/\s+/g, " ").slice(0, 800)}`);
    });
    const node1 = tabs.getByRole("tab", { name: "node1 (manager)" });
    assert.equal(await node1.getAttribute("aria-selected"), "true", "node1 is shown first");

    await waitForTerminal(page, /learner@node1/, 120_000);
    await typeInTerminal(page, "echo on-$(hostname)-in-$(basename $PWD)");
    await waitForTerminal(page, /on-node1-in-workspace/);
    await page.getByRole("note").filter({ hasText: "No IPVS on this host" }).waitFor({ timeout: 10_000 });
    await page.getByRole("status").filter({ hasText: "Cluster ready" }).waitFor({ timeout: 10_000 });

    // Keyboard: from the selected tab, the right arrow moves to node2 and focuses it.
    await node1.focus();
    await page.keyboard.press("ArrowRight");
    const node2 = tabs.getByRole("tab", { name: "node2" });
    assert.equal(await node2.getAttribute("aria-selected"), "true");
    await waitForTerminal(page, /learner@node2/);
    assert.doesNotMatch(await terminalText(page), /on-node1-in-workspace/, "node1's output is not on node2's screen");
    await typeInTerminal(page, "echo on-$(hostname)");
    await waitForTerminal(page, /on-node2/);

    await tabs.getByRole("tab", { name: "node3" }).click();
    await waitForTerminal(page, /learner@node3/);

    await node1.click();
    await waitForTerminal(page, /on-node1-in-workspace/);
    assert.doesNotMatch(await terminalText(page), /on-node2/);
    await page.screenshot({ path: path.join(SHOTS, "step9-node-tabs.png") });

    // The Check runs on the cluster: no swarm was created, so the node count fails and says how to start one.
    await page.getByRole("button", { name: "Check", exact: true }).click();
    const nodes = page.locator('[data-check-id="swarm-nodes"][data-status="fail"]');
    await nodes.waitFor({ timeout: 120_000 });
    assert.match(await nodes.innerText(), /docker swarm init --advertise-addr eth1/);
  } catch (error) {
    await page.screenshot({ path: path.join(SHOTS, "step9-node-tabs-failure.png") }).catch(() => undefined);
    throw error;
  } finally {
    await context.close();
  }
  assert.equal((await clusterNodes()).length, 3, "one cluster of three nodes for this student");
});

test("stopping the server removes the cluster's nodes and network", { timeout: 120_000 }, async () => {
  await workbench.stop();
  assert.deepEqual(
    (await clusterNodes()).map((c) => c.Names[0]),
    [],
  );
  const networks = await getHostDocker().listNetworks({ filters: { label: [LABEL_CLUSTER, `${LABEL_OWNER}=server`] } });
  assert.deepEqual(
    networks.filter((n) => n.Name.startsWith("wb-server-cluster-")).map((n) => n.Name),
    [],
  );
});
