"use client";
/**
 * A draggable, keyboard-operable separator between two panes. It reports the size of one pane
 * as a percentage of its container; the parent lays the panes out and remembers the size.
 */
import { useRef, type KeyboardEvent, type PointerEvent, type RefObject } from "react";
import { useI18n } from "../i18n";

type SplitterProps = {
  /** "vertical": a vertical bar between side-by-side panes; "horizontal": between stacked panes. */
  orientation: "vertical" | "horizontal";
  label: string;
  /** Size in percent of the pane this splitter controls. */
  value: number;
  min: number;
  max: number;
  /** The pane after the splitter is the one sized (e.g. the terminal below the editor). */
  sizesAfter?: boolean;
  containerRef: RefObject<HTMLElement | null>;
  onChange: (value: number) => void;
  onReset?: () => void;
  className?: string;
};

export function Splitter({ orientation, label, value, min, max, sizesAfter, containerRef, onChange, onReset, className = "" }: SplitterProps) {
  const { t } = useI18n();
  const dragging = useRef(false);
  const clamp = (next: number) => Math.round(Math.min(max, Math.max(min, next)) * 10) / 10;

  const sizeAt = (event: PointerEvent<HTMLDivElement>) => {
    const box = containerRef.current?.getBoundingClientRect();
    if (!box || box.width === 0 || box.height === 0) return null;
    const fraction = orientation === "vertical" ? (event.clientX - box.left) / box.width : (event.clientY - box.top) / box.height;
    return clamp((sizesAfter ? 1 - fraction : fraction) * 100);
  };

  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    if (event.button !== 0) return;
    event.preventDefault();
    event.currentTarget.setPointerCapture(event.pointerId);
    dragging.current = true;
    document.body.dataset.resizing = orientation;
  };
  const onPointerMove = (event: PointerEvent<HTMLDivElement>) => {
    if (!dragging.current) return;
    const next = sizeAt(event);
    if (next !== null && next !== value) onChange(next);
  };
  const stop = (event: PointerEvent<HTMLDivElement>) => {
    if (!dragging.current) return;
    dragging.current = false;
    if (event.currentTarget.hasPointerCapture(event.pointerId)) event.currentTarget.releasePointerCapture(event.pointerId);
    delete document.body.dataset.resizing;
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const step = event.shiftKey ? 10 : 2;
    const grow = orientation === "vertical" ? "ArrowRight" : "ArrowDown";
    const shrink = orientation === "vertical" ? "ArrowLeft" : "ArrowUp";
    let next: number | null = null;
    if (event.key === grow) next = value + (sizesAfter ? -step : step);
    else if (event.key === shrink) next = value + (sizesAfter ? step : -step);
    else if (event.key === "Home") next = min;
    else if (event.key === "End") next = max;
    else if (event.key === "Enter" && onReset) {
      onReset();
      event.preventDefault();
      return;
    }
    if (next === null) return;
    event.preventDefault();
    onChange(clamp(next));
  };

  return (
    <div
      className={`splitter splitter-${orientation} ${className}`}
      role="separator"
      aria-orientation={orientation}
      aria-label={label}
      aria-valuenow={Math.round(value)}
      aria-valuemin={min}
      aria-valuemax={max}
      tabIndex={0}
      title={t("split.help", { label })}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={stop}
      onPointerCancel={stop}
      onLostPointerCapture={stop}
      onKeyDown={onKeyDown}
      onDoubleClick={onReset}
    />
  );
}
