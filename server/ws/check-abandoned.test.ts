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
    const hub = new StudentHub("alice");
    const [first, second] = [tab(), tab()];
    hub.clients.add(first);
    hub.clients.add(second);
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
    expect(await alice).toBe(true);
    expect(failure).toBeInstanceOf(AppError);
    expect((failure as AppError).userMessage).toBe("You left the queue for a build slot (every page of the workbench was closed). Press Check again.");
    held.release();
    await bobSlot; // Bob, behind Alice, gets the slot
    expect(slots.load("local")).toEqual({ running: 1, waiting: 0 });
  });

  it("closing tabs when no Check runs aborts nothing later", async () => {
    const hub = new StudentHub("dave");
    const only = tab();
    hub.clients.add(only);
    hub.removeClient(only);
    let aborted: boolean | undefined;
    hub.clients.add(tab());
    await hub.runCheck(async (_emit, abandoned) => (aborted = abandoned.aborted));
    expect(aborted).toBe(false);
  });
});
