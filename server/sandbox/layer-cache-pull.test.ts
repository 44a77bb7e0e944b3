/**
 * pullLayerCache and a prune of the registry are exclusive, through the real lock they share
 * (./layer-cache-lock.ts); the engine's Docker API is a thin fake whose pull ends when the test says.
 */
import { describe, expect, it } from "vitest";
import { PassThrough } from "node:stream";
import type Docker from "dockerode";
import { pullLayerCache } from "./layer-cache-pull";
import { layerCacheLock } from "./layer-cache-lock";

const REF = "10.213.0.2:5000/workbench-cache/1-step-aaaaaaaaaaaa:current";

/** An engine whose pulls record when they begin and end; each pull's stream ends when `finish` is called. */
function fakeEngine(events: string[]) {
  const streams: PassThrough[] = [];
  const inner = {
    pull: async () => {
      events.push("pull begins");
      const stream = new PassThrough();
      streams.push(stream);
      return stream;
    },
    modem: {
      followProgress: (stream: PassThrough, onFinished: (error: Error | null) => void) => {
        stream.resume();
        stream.on("end", () => {
          events.push("pull ends");
          onFinished(null);
        });
      },
    },
  };
  return { inner: inner as unknown as Docker, finish: (i: number) => streams[i]!.end() };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 10));

describe("pulls of the class-wide layer cache and its prune", () => {
  it("a prune asked for during a pull starts only once the pull has ended", async () => {
    const events: string[] = [];
    const engine = fakeEngine(events);
    const pulled = pullLayerCache(engine.inner, REF);
    await settle();
    const pruned = layerCacheLock.exclusive(async () => void events.push("prune"));
    await settle();
    expect(events).toEqual(["pull begins"]);
    engine.finish(0);
    expect(await pulled).toBe(REF);
    await pruned;
    expect(events).toEqual(["pull begins", "pull ends", "prune"]);
  });

  it("a pull asked for during a prune reaches the registry only once the prune has ended", async () => {
    const events: string[] = [];
    const engine = fakeEngine(events);
    let endPrune!: () => void;
    const pruned = layerCacheLock.exclusive(async () => {
      events.push("prune begins");
      await new Promise<void>((resolve) => (endPrune = resolve));
      events.push("prune ends");
    });
    const pulled = pullLayerCache(engine.inner, REF);
    await settle();
    expect(events).toEqual(["prune begins"]);
    endPrune();
    await pruned;
    await settle();
    engine.finish(0);
    expect(await pulled).toBe(REF);
    expect(events).toEqual(["prune begins", "prune ends", "pull begins", "pull ends"]);
  });

  it("a pull whose time runs out while a prune holds the registry goes uncached, without pulling", async () => {
    const events: string[] = [];
    const engine = fakeEngine(events);
    let endPrune!: () => void;
    const pruned = layerCacheLock.exclusive(() => new Promise<void>((resolve) => (endPrune = resolve)));
    expect(await pullLayerCache(engine.inner, REF, 50)).toBeUndefined();
    expect(events).toEqual([]);
    endPrune();
    await pruned;
    expect(layerCacheLock.state).toEqual({ readers: 0, writing: false, waiting: 0 });
  });
});
