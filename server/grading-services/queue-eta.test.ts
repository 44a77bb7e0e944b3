import { describe, expect, it } from "vitest";
import { estimateQueueWaitMs, queueWaitSentence } from "./queue-eta";

describe("the wait a submission in the queue is told", () => {
  it("grows with the position, one typical grading per round of the engines", () => {
    expect(estimateQueueWaitMs(1, 4, 90_000)).toBe(90_000);
    expect(estimateQueueWaitMs(4, 4, 90_000)).toBe(90_000);
    expect(estimateQueueWaitMs(5, 4, 90_000)).toBe(180_000);
    expect(estimateQueueWaitMs(9, 2, 60_000)).toBe(300_000);
  });

  it("is said in whole minutes, at least one, and not at all before anything was graded", () => {
    expect(queueWaitSentence(1, 2, 20_000)).toBe(" It should start in about 1 minute.");
    expect(queueWaitSentence(5, 2, 100_000)).toBe(" It should start in about 5 minutes.");
    expect(queueWaitSentence(3, 2, null)).toBe("");
    expect(queueWaitSentence(3, 2, 0)).toBe("");
  });
});
