"use client";
import { useEffect, useRef, type RefObject } from "react";

/**
 * A popup's way out, while it is open: a press outside `rootRef` closes it, and so does Escape
 * (then `afterEscape` runs, e.g. to give the focus back to the button that opened it).
 */
export function useDismiss(open: boolean, rootRef: RefObject<HTMLElement | null>, close: () => void, afterEscape?: () => void): void {
  const handlers = useRef({ close, afterEscape });
  useEffect(() => {
    handlers.current = { close, afterEscape };
  });
  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent) => {
      if (!rootRef.current?.contains(event.target as Node)) handlers.current.close();
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== "Escape") return;
      handlers.current.close();
      handlers.current.afterEscape?.();
    };
    document.addEventListener("pointerdown", onPointer);
    document.addEventListener("keydown", onKey);
    return () => {
      document.removeEventListener("pointerdown", onPointer);
      document.removeEventListener("keydown", onKey);
    };
  }, [open, rootRef]);
}
