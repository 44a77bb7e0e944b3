/**
 * Which shell the terminal shows: the student's own engine, or one node of their step-9 cluster.
 * Pure helpers for the view and the node tabs (unit-tested).
 */
import type { ClusterNodeId, ServerMessage } from "@/lib/protocol/messages";

/** undefined: the student's own engine. */
export type TerminalTarget = ClusterNodeId | undefined;

export const CLUSTER_TABS: { target: TerminalTarget; label: string; title: string }[] = [
  { target: "node1", label: "node1 (manager)", title: "A shell on node1, the swarm manager (your files are here)" },
  { target: "node2", label: "node2", title: "A shell on node2, a worker" },
  { target: "node3", label: "node3", title: "A shell on node3, a worker" },
  { target: undefined, label: "my engine", title: "A shell in your own single Docker engine" },
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
