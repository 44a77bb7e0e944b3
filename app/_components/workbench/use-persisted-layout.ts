"use client";
/** The workbench's pane sizes, in percent, remembered in localStorage across visits. */
import { useCallback, useEffect, useRef, useState } from "react";

export type PaneLayout = {
  /** Width of the lesson column. */
  lessonWidth: number;
  /** Height of the check results below the lesson. */
  resultsHeight: number;
  /** Height of the terminal below the editor. */
  terminalHeight: number;
};

export const DEFAULT_LAYOUT: PaneLayout = { lessonWidth: 38, resultsHeight: 38, terminalHeight: 38 };
export const LAYOUT_LIMITS: Record<keyof PaneLayout, { min: number; max: number }> = {
  lessonWidth: { min: 18, max: 70 },
  resultsHeight: { min: 12, max: 85 },
  terminalHeight: { min: 12, max: 80 },
};

const STORAGE_KEY = "docker-workbench:layout:v1";

export function parseLayout(raw: string | null): PaneLayout {
  if (!raw) return DEFAULT_LAYOUT;
  try {
    const stored = JSON.parse(raw) as Partial<Record<keyof PaneLayout, unknown>>;
    const layout = { ...DEFAULT_LAYOUT };
    for (const key of Object.keys(DEFAULT_LAYOUT) as (keyof PaneLayout)[]) {
      const value = stored[key];
      const { min, max } = LAYOUT_LIMITS[key];
      if (typeof value === "number" && Number.isFinite(value)) layout[key] = Math.min(max, Math.max(min, value));
    }
    return layout;
  } catch {
    return DEFAULT_LAYOUT;
  }
}

export function usePersistedLayout(): [PaneLayout, (patch: Partial<PaneLayout>) => void, (key: keyof PaneLayout) => void] {
  const [layout, setLayout] = useState<PaneLayout>(DEFAULT_LAYOUT);
  const loaded = useRef(false);

  // Read after mount: the server render does not know the stored sizes.
  useEffect(() => {
    try {
      setLayout(parseLayout(window.localStorage.getItem(STORAGE_KEY)));
    } catch {
      // storage disabled: keep the defaults
    }
    loaded.current = true;
  }, []);

  useEffect(() => {
    if (!loaded.current) return;
    const timer = setTimeout(() => {
      try {
        window.localStorage.setItem(STORAGE_KEY, JSON.stringify(layout));
      } catch {
        // storage full or disabled: sizes simply are not remembered
      }
    }, 250);
    return () => clearTimeout(timer);
  }, [layout]);

  const update = useCallback((patch: Partial<PaneLayout>) => setLayout((current) => ({ ...current, ...patch })), []);
  const reset = useCallback((key: keyof PaneLayout) => setLayout((current) => ({ ...current, [key]: DEFAULT_LAYOUT[key] })), []);
  return [layout, update, reset];
}
