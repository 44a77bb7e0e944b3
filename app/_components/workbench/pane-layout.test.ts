import { describe, expect, it } from "vitest";
import { applyPreset, DEFAULT_LAYOUT, parseLayout, presetOf } from "./pane-layout";

describe("pane layout", () => {
  it("keeps stored sizes within their limits and ignores what is not a size", () => {
    expect(parseLayout(JSON.stringify({ lessonWidth: 500, treeWidth: 30, terminalHeight: "big", lessonHidden: "yes" }))).toEqual({
      ...DEFAULT_LAYOUT,
      lessonWidth: 70,
      treeWidth: 30,
    });
    expect(parseLayout("null")).toEqual(DEFAULT_LAYOUT);
    expect(parseLayout("{not json")).toEqual(DEFAULT_LAYOUT);
  });

  it("reads back a layout with the lesson hidden (from before the file tree was resizable too)", () => {
    expect(parseLayout(JSON.stringify({ lessonWidth: 40, resultsHeight: 20, terminalHeight: 50, lessonHidden: true }))).toEqual({
      lessonWidth: 40,
      resultsHeight: 20,
      terminalHeight: 50,
      treeWidth: DEFAULT_LAYOUT.treeWidth,
      lessonHidden: true,
    });
  });

  it("applies a preset without touching the file tree, and knows which preset it is in", () => {
    const mine = { ...DEFAULT_LAYOUT, treeWidth: 40, terminalHeight: 55 };
    expect(presetOf(DEFAULT_LAYOUT)).toBe("standard");
    expect(presetOf(mine)).toBeNull();
    const terminal = applyPreset(mine, "terminal");
    expect(terminal.treeWidth).toBe(40);
    expect(terminal.terminalHeight).toBeGreaterThan(DEFAULT_LAYOUT.terminalHeight);
    expect(presetOf(terminal)).toBe("terminal");
    const hidden = applyPreset(terminal, "no-lesson");
    expect(hidden.lessonHidden).toBe(true);
    expect(presetOf(hidden)).toBe("no-lesson");
    expect(presetOf(applyPreset(hidden, "standard"))).toBe("standard");
  });
});
