"use client";
/**
 * A failed check's hints, revealed on demand one level at a time (nudge → concrete hint → the
 * answer): "Show a hint" shows the first level, "Show more" the next. New levels are announced to
 * screen readers (a polite live region); the count revealed is remembered per student, step and
 * check across reloads, and forgotten when the check passes.
 */
import { useEffect, useRef, useState } from "react";
import { useI18n } from "../i18n";
import { browserStorage, hintLevelName, readRevealedHints, writeRevealedHints, type HintScope } from "./hint-reveal";

type CheckHintsProps = {
  scope: HintScope;
  checkId: string;
  title: string;
  /** The levels, from the vaguest to the answer. */
  levels: string[];
};

export function CheckHints({ scope, checkId, title, levels }: CheckHintsProps) {
  const { t } = useI18n();
  const total = levels.length;
  const [revealed, setRevealed] = useState(() => readRevealedHints(browserStorage(), scope, checkId, total));
  const lastShown = useRef<HTMLParagraphElement>(null);
  const focusLast = useRef(false);

  useEffect(() => {
    // Another run may bring more or fewer levels (a translation, an edited lesson): stay within them.
    setRevealed(readRevealedHints(browserStorage(), scope, checkId, total));
  }, [scope, checkId, total]);

  useEffect(() => {
    // The button goes away with the last level: keep the keyboard focus on what it revealed.
    if (focusLast.current) lastShown.current?.focus();
    focusLast.current = false;
  }, [revealed]);

  if (total === 0) return null;

  const reveal = () => {
    const next = Math.min(revealed + 1, total);
    writeRevealedHints(browserStorage(), scope, checkId, next);
    focusLast.current = next === total;
    setRevealed(next);
  };

  return (
    <div className="check-hints" data-testid="check-hints">
      <div aria-live="polite">
        {levels.slice(0, revealed).map((level, index) => (
          <p
            key={index}
            className="check-hint-text"
            data-hint-level={hintLevelName(index, total)}
            ref={index === revealed - 1 ? lastShown : undefined}
            tabIndex={index === revealed - 1 ? -1 : undefined}
          >
            <strong>{t(`check.hints.level.${hintLevelName(index, total)}`)}</strong> {level}
          </p>
        ))}
      </div>
      {revealed < total && (
        <button
          type="button"
          className="btn btn-small check-hint-reveal"
          aria-label={revealed === 0 ? t("check.hints.showLabel", { title }) : t("check.hints.moreLabel", { title, shown: revealed, total })}
          onClick={(event) => {
            event.stopPropagation(); // the row opens its file on click
            reveal();
          }}
        >
          {revealed === 0 ? t("check.hints.show") : t("check.hints.more")}
        </button>
      )}
    </div>
  );
}
