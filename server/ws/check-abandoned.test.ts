import { describe, expect, it } from "vitest";
import { StudentHub, type HubClient } from "./student-hub";
import { BuildSlots } from "../sandbox/build-slots";
import { buildSlotGate } from "../grading-services/build-slot-gate";
import { AppError } from "../app-error";

const tab = (): HubClient => ({ send: () => undefined, reattachTerminal: async () => undefined });

describe("a Check whose pages all closed", () => {
  it("leaves the build slot queue when the last tab closes (not before), and its place passes to the next student", async () => {
    const slots = new BuildSlots(1);
    const held = await slots.acquire({ host: "local", holder: "carol" });
    const hub = new StudentHub("alice", 30);
    const [first, second] = [tab(), tab()];
    hub.addClient(first);
    hub.addClient(second);
    let failure: unknown;
    const alice = hub.runCheck((emit, abandoned) =>
      buildSlotGate({ slots, holder: "alice", waitMs: 60_000, signal: abandoned, progress: () => undefined })("local").catch((error: unknown) => (failure = error)),
    );
    const bobSlot = slots.acquire({ host: "local", holder: "bob" });
    expect(slots.load("local")).toEqual({ running: 1, waiting: 2 });

    hub.removeClient(first);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(slots.load("local").waiting).toBe(2); // one tab still follows it

    hub.removeClient(second);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(slots.load("local").waiting).toBe(2); // within the grace a reload may still come back
    expect(await alice).toBe(true);
    expect(failure).toBeInstanceOf(AppError);
    expect((failure as AppError).userMessage).toBe("You left the queue for a build slot (every page of the workbench was closed). Press Check again.");
    held.release();
    await bobSlot; // Bob, behind Alice, gets the slot
    expect(slots.load("local")).toEqual({ running: 1, waiting: 0 });
  });

  it("closing tabs when no Check runs aborts nothing later", async () => {
    const hub = new StudentHub("dave", 10);
    const only = tab();
    hub.addClient(only);
    hub.removeClient(only);
    let aborted: boolean | undefined;
    hub.addClient(tab());
    await hub.runCheck(async (_emit, abandoned) => (aborted = abandoned.aborted));
    expect(aborted).toBe(false);
  });

  it("a reload (the last tab closes and a new one opens within the grace) keeps the Check's place in the queue", async () => {
    const slots = new BuildSlots(1);
    const held = await slots.acquire({ host: "local", holder: "carol" });
    const hub = new StudentHub("erin", 50);
    const before = tab();
    hub.addClient(before);
    let failure: unknown;
    const erin = hub.runCheck((emit, abandoned) =>
      buildSlotGate({ slots, holder: "erin", waitMs: 60_000, signal: abandoned, progress: () => undefined })("local").then(
        (slot) => slot.release(),
        (error: unknown) => (failure = error),
      ),
    );
    hub.removeClient(before);
    await new Promise((resolve) => setTimeout(resolve, 20));
    hub.addClient(tab()); // the reloaded page
    await new Promise((resolve) => setTimeout(resolve, 100)); // twice the grace
    expect(slots.load("local")).toEqual({ running: 1, waiting: 1 });
    held.release();
    expect(await erin).toBe(true);
    expect(failure).toBeUndefined();
  });
});
