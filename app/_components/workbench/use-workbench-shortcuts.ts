"use client";
/**
 * Ctrl/Cmd+S saves and Ctrl/Cmd+Enter checks, wherever the focus is (editor, terminal, lesson);
 * leaving the page with unsaved changes asks first.
 */
import { useEffect, useRef } from "react";
import type { WorkspaceStore } from "./workspace-store";

export function useWorkbenchShortcuts(store: WorkspaceStore, actions: { runCheck: () => unknown; saveAll: () => unknown }): void {
  const shortcuts = useRef(actions);
  useEffect(() => {
    shortcuts.current = actions;
  });
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || event.altKey) return;
      if (event.key.toLowerCase() === "s" && !event.shiftKey) {
        event.preventDefault();
        event.stopPropagation();
        void shortcuts.current.saveAll();
      } else if (event.key === "Enter") {
        event.preventDefault();
        event.stopPropagation();
        void shortcuts.current.runCheck();
      }
    };
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      if (!store.hasUnsavedChanges()) return;
      event.preventDefault();
      event.returnValue = "";
    };
    window.addEventListener("keydown", onKeyDown, true);
    window.addEventListener("beforeunload", onBeforeUnload);
    return () => {
      window.removeEventListener("keydown", onKeyDown, true);
      window.removeEventListener("beforeunload", onBeforeUnload);
    };
  }, [store]);
}
