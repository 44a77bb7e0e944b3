"use client";
/**
 * The first thing the Tab key reaches: links past the top bar to each pane. The editor and the
 * terminal take the focus in their own text input.
 */
import type { MouseEvent } from "react";
import { useI18n } from "../i18n";

const SKIP_TARGETS = [
  { hash: "#lesson", selector: "#lesson", label: "skip.lesson" },
  { hash: "#editor", selector: '[data-testid="editor"] textarea', label: "skip.editor" },
  { hash: "#terminal", selector: "#terminal-body textarea", label: "skip.terminal" },
  { hash: "#results", selector: "#results", label: "skip.results" },
] as const;

export function SkipLinks() {
  const { t } = useI18n();
  const focus = (selector: string) => (event: MouseEvent) => {
    const target = document.querySelector<HTMLElement>(selector);
    if (!target) return;
    event.preventDefault();
    target.focus();
  };
  return (
    <nav className="skip-links" aria-label={t("skip.nav")}>
      {SKIP_TARGETS.map(({ hash, selector, label }) => (
        <a key={hash} href={hash} onClick={focus(selector)}>
          {t(label)}
        </a>
      ))}
    </nav>
  );
}
