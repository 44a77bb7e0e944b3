/**
 * Which shell the terminal shows: the student's own engine, or one node of their step-9 cluster.
 * Pure helpers for the view and the node tabs (unit-tested).
 */
import type { ClusterNodeId, ServerMessage } from "@/lib/protocol/messages";
import type { MessageKey } from "@/lib/i18n/messages";

/** undefined: the student's own engine. */
export type TerminalTarget = ClusterNodeId | undefined;

/** `label` and `title` are interface texts (lib/i18n/messages.ts). */
export const CLUSTER_TABS: { target: TerminalTarget; label: MessageKey; title: MessageKey }[] = [
  { target: "node1", label: "terminal.tab.node1", title: "terminal.tabTitle.node1" },
  { target: "node2", label: "terminal.tab.node2", title: "terminal.tabTitle.node2" },
  { target: "node3", label: "terminal.tab.node3", title: "terminal.tabTitle.node3" },
  { target: undefined, label: "terminal.tab.engine", title: "terminal.tabTitle.engine" },
];

/** Whether a terminal message is about the shell currently shown. */
export function isForTarget(message: ServerMessage, target: TerminalTarget): boolean {
  if (message.type !== "terminal.output" && message.type !== "terminal.reset" && message.type !== "terminal.exit") return false;
  return message.node === target;
}

/** The tab a key moves to in a tablist (arrows wrap, Home/End jump); null for other keys. */
export function tabAfterKey(key: string, index: number, count: number): number | null {
  switch (key) {
    case "ArrowRight":
    case "ArrowDown":
      return (index + 1) % count;
    case "ArrowLeft":
    case "ArrowUp":
      return (index - 1 + count) % count;
    case "Home":
      return 0;
    case "End":
      return count - 1;
    default:
      return null;
  }
}
