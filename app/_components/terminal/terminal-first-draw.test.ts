import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { DRAW_PENDING_MAX_MS, EDITOR_WAIT_MAX_MS, TerminalFirstDraw } from "./terminal-first-draw";

describe("TerminalFirstDraw", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("tells each listener once when the terminal has drawn, and stays drawn", () => {
    const first = new TerminalFirstDraw();
    const heard: string[] = [];
    first.subscribe(() => heard.push("a"));
    first.subscribe(() => heard.push("b"));
    expect(first.isDrawn()).toBe(false);
    first.markDrawn();
    first.markDrawn();
    expect(first.isDrawn()).toBe(true);
    expect(heard).toEqual(["a", "b"]);
  });

  it("does not tell a listener that unsubscribed", () => {
    const first = new TerminalFirstDraw();
    const listener = vi.fn();
    first.subscribe(listener)();
    first.markDrawn();
    expect(listener).not.toHaveBeenCalled();
  });

  it("lets the editor load after the wait when the terminal has nothing to draw, and not before", () => {
    const first = new TerminalFirstDraw();
    const listener = vi.fn();
    first.subscribe(listener);
    first.startWaiting();
    vi.advanceTimersByTime(EDITOR_WAIT_MAX_MS - 1);
    expect(first.isDrawn()).toBe(false);
    vi.advanceTimersByTime(1);
    expect(first.isDrawn()).toBe(true);
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it("output being drawn when the wait ends keeps the editor waiting for its paint, up to the longer limit", () => {
    const painted = new TerminalFirstDraw();
    painted.startWaiting();
    vi.advanceTimersByTime(EDITOR_WAIT_MAX_MS - 100);
    painted.markPending();
    vi.advanceTimersByTime(1_000);
    expect(painted.isDrawn()).toBe(false);
    painted.markDrawn();
    expect(painted.isDrawn()).toBe(true);

    const neverPainted = new TerminalFirstDraw();
    neverPainted.markPending(); // before the workbench's wait started
    neverPainted.startWaiting();
    vi.advanceTimersByTime(DRAW_PENDING_MAX_MS - 1);
    expect(neverPainted.isDrawn()).toBe(false);
    vi.advanceTimersByTime(1);
    expect(neverPainted.isDrawn()).toBe(true);
  });

  it("a wait cancelled (the workbench unmounted) marks nothing, and a drawn terminal is not told again when a wait would end", () => {
    const cancelled = new TerminalFirstDraw();
    cancelled.startWaiting()();
    vi.advanceTimersByTime(DRAW_PENDING_MAX_MS * 2);
    expect(cancelled.isDrawn()).toBe(false);

    const drawn = new TerminalFirstDraw();
    const listener = vi.fn();
    drawn.subscribe(listener);
    drawn.startWaiting();
    drawn.markDrawn();
    drawn.markPending();
    vi.advanceTimersByTime(DRAW_PENDING_MAX_MS * 2);
    expect(listener).toHaveBeenCalledTimes(1);
  });
});
