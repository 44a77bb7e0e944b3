"use client";
/** The workbench's pane layout (pane-layout.ts), remembered in localStorage across visits. */
import { useCallback, useEffect, useRef, useState } from "react";
import { DEFAULT_LAYOUT, parseLayout, type PaneLayout, type PaneSize } from "./pane-layout";

const STORAGE_KEY = "docker-workbench:layout:v1";

export function usePersistedLayout(): [PaneLayout, (patch: Partial<PaneLayout>) => void, (key: PaneSize) => void] {
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
  const reset = useCallback((key: PaneSize) => setLayout((current) => ({ ...current, [key]: DEFAULT_LAYOUT[key] })), []);
  return [layout, update, reset];
}
