/**
 * Docker's words for a swarm node's and a task's state (`docker node ls`, `docker service ps`),
 * said in the page's language; a word Docker adds later is shown as Docker wrote it.
 */
import { say, type TextValue } from "../../../lib/i18n/text-ref";
import type { TextKey } from "../../../lib/i18n/texts/catalog";

const NODE_STATES: Record<string, TextKey> = {
  ready: "swarm.nodeState.ready",
  down: "swarm.nodeState.down",
  unknown: "swarm.nodeState.unknown",
  disconnected: "swarm.nodeState.disconnected",
};

const AVAILABILITIES: Record<string, TextKey> = { pause: "swarm.availability.pause", drain: "swarm.availability.drain" };

const TASK_STATES: Record<string, TextKey> = {
  new: "swarm.taskState.new",
  pending: "swarm.taskState.pending",
  assigned: "swarm.taskState.assigned",
  accepted: "swarm.taskState.accepted",
  preparing: "swarm.taskState.preparing",
  ready: "swarm.taskState.ready",
  starting: "swarm.taskState.starting",
  running: "swarm.taskState.running",
  complete: "swarm.taskState.complete",
  shutdown: "swarm.taskState.shutdown",
  failed: "swarm.taskState.failed",
  rejected: "swarm.taskState.rejected",
  remove: "swarm.taskState.remove",
  orphaned: "swarm.taskState.orphaned",
};

const wordOf = (words: Record<string, TextKey>, word: string): TextValue => (Object.hasOwn(words, word) ? say(words[word]!) : word);

export const nodeStateWord = (state: string): TextValue => wordOf(NODE_STATES, state);
export const availabilityWord = (availability: string): TextValue => wordOf(AVAILABILITIES, availability);
export const taskStateWord = (state: string): TextValue => wordOf(TASK_STATES, state);
