/**
 * The workbench's pane sizes (percent of their container) and whether the lesson is shown, with
 * the presets of the settings menu: the standard layout, the terminal in focus, the lesson hidden.
 */
export type PaneLayout = {
  /** Width of the lesson column. */
  lessonWidth: number;
  /** Height of the check results below the lesson. */
  resultsHeight: number;
  /** Height of the terminal below the editor. */
  terminalHeight: number;
  /** Width of the file tree beside the editor. */
  treeWidth: number;
  /** The lesson is hidden: the left column holds the check results only. */
  lessonHidden: boolean;
};

export type PaneSize = Exclude<keyof PaneLayout, "lessonHidden">;

export const DEFAULT_LAYOUT: PaneLayout = { lessonWidth: 38, resultsHeight: 38, terminalHeight: 38, treeWidth: 24, lessonHidden: false };
export const LAYOUT_LIMITS: Record<PaneSize, { min: number; max: number }> = {
  lessonWidth: { min: 18, max: 70 },
  resultsHeight: { min: 12, max: 85 },
  terminalHeight: { min: 12, max: 80 },
  treeWidth: { min: 10, max: 60 },
};
const SIZES = Object.keys(LAYOUT_LIMITS) as PaneSize[];

export const LAYOUT_PRESETS = ["standard", "terminal", "no-lesson"] as const;
export type LayoutPreset = (typeof LAYOUT_PRESETS)[number];

/** The sizes each preset sets; the file tree keeps its width. */
const PRESET_SIZES: Record<LayoutPreset, Partial<PaneLayout>> = {
  standard: { lessonWidth: DEFAULT_LAYOUT.lessonWidth, resultsHeight: DEFAULT_LAYOUT.resultsHeight, terminalHeight: DEFAULT_LAYOUT.terminalHeight, lessonHidden: false },
  terminal: { lessonWidth: 30, resultsHeight: DEFAULT_LAYOUT.resultsHeight, terminalHeight: 72, lessonHidden: false },
  "no-lesson": { lessonWidth: 26, lessonHidden: true },
};

export function applyPreset(layout: PaneLayout, preset: LayoutPreset): PaneLayout {
  return { ...layout, ...PRESET_SIZES[preset] };
}

/** The preset the layout is in, or null once the student resized a pane by hand. */
export function presetOf(layout: PaneLayout): LayoutPreset | null {
  if (layout.lessonHidden) return "no-lesson";
  return LAYOUT_PRESETS.find((preset) => Object.entries(PRESET_SIZES[preset]).every(([key, value]) => layout[key as keyof PaneLayout] === value)) ?? null;
}

/** The layout stored in localStorage; anything missing, out of range or not a number takes the default. */
export function parseLayout(raw: string | null): PaneLayout {
  if (!raw) return DEFAULT_LAYOUT;
  try {
    const stored = JSON.parse(raw) as Partial<Record<keyof PaneLayout, unknown>> | null;
    if (!stored || typeof stored !== "object") return DEFAULT_LAYOUT;
    const layout = { ...DEFAULT_LAYOUT };
    for (const key of SIZES) {
      const value = stored[key];
      const { min, max } = LAYOUT_LIMITS[key];
      if (typeof value === "number" && Number.isFinite(value)) layout[key] = Math.min(max, Math.max(min, value));
    }
    if (typeof stored.lessonHidden === "boolean") layout.lessonHidden = stored.lessonHidden;
    return layout;
  } catch {
    return DEFAULT_LAYOUT;
  }
}
