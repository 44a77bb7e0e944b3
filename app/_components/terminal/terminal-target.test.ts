import { translate } from "@/lib/i18n/messages";
import { describe, expect, it } from "vitest";
import { CLUSTER_TABS, isForTarget, tabAfterKey } from "./terminal-target";

describe("terminal target", () => {
  it("takes a node's output only while that node is shown", () => {
    const fromNode2 = { type: "terminal.output", data: "node2$ ", seq: 3, node: "node2" } as const;
    expect(isForTarget(fromNode2, "node2")).toBe(true);
    expect(isForTarget(fromNode2, "node1")).toBe(false);
    expect(isForTarget(fromNode2, undefined)).toBe(false);
  });

  it("takes the engine's untagged output only while the engine is shown", () => {
    const fromEngine = { type: "terminal.reset" } as const;
    expect(isForTarget(fromEngine, undefined)).toBe(true);
    expect(isForTarget(fromEngine, "node1")).toBe(false);
    expect(isForTarget({ type: "pong", t: 1 }, undefined)).toBe(false);
  });

  it("moves between tabs with the arrow keys, wrapping, and Home/End", () => {
    const count = CLUSTER_TABS.length;
    expect(tabAfterKey("ArrowRight", 0, count)).toBe(1);
    expect(tabAfterKey("ArrowLeft", 0, count)).toBe(count - 1);
    expect(tabAfterKey("ArrowRight", count - 1, count)).toBe(0);
    expect(tabAfterKey("End", 1, count)).toBe(count - 1);
    expect(tabAfterKey("Home", 2, count)).toBe(0);
    expect(tabAfterKey("a", 2, count)).toBeNull();
  });

  it("offers node1 as the manager first", () => {
    expect(CLUSTER_TABS[0]).toMatchObject({ target: "node1", label: "terminal.tab.node1" });
    expect(translate("en", CLUSTER_TABS[0]!.label)).toBe("node1 (manager)");
  });
});
