/**
 * The server's build slots (./build-slots.ts): one instance for the process, its limit
 * CHECK_BUILD_SLOTS per machine, shared by every Check and Submit.
 */
import { getConfig } from "../config";
import { BuildSlots } from "./build-slots";

let slots: BuildSlots | undefined;

export function hostBuildSlots(): BuildSlots {
  return (slots ??= new BuildSlots(getConfig().CHECK_BUILD_SLOTS));
}

/** Replaces the process's build slots (tests: a limit of their own); undefined: made again from the configuration. */
export function setHostBuildSlotsForTests(replacement: BuildSlots | undefined): void {
  slots = replacement;
}
