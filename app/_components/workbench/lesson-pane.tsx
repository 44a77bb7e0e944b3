"use client";
/**
 * The lesson: its front matter and the server-rendered (already sanitized) HTML. Every code block
 * gets a Copy button; shell blocks (`<pre data-run="1">`) also get "Run in terminal".
 */
import { useEffect, useRef, useState } from "react";
import type { Lesson } from "../api-types";
import type { CheckRow } from "./check-state";
import { taskState } from "./task-ticks";
import { ReferenceSolution } from "./reference-solution";
import { useI18n } from "../i18n";
import type { Translate } from "@/lib/i18n/messages";

type LessonPaneProps = {
  lesson: Lesson;
  /** Types a shell block into the terminal; returns false if it could not be sent. */
  onRun: (code: string) => boolean;
  /** Latest status of each check (last Check, live checks): ticks the task list. */
  statuses: ReadonlyMap<string, CheckRow["status"]>;
};

export function LessonPane({ lesson, onRun, statuses }: LessonPaneProps) {
  const { t } = useI18n();
  const bodyRef = useRef<HTMLDivElement>(null);
  const onRunRef = useRef(onRun);
  const tRef = useRef(t);
  useEffect(() => {
    onRunRef.current = onRun;
    tRef.current = t;
  });

  useEffect(() => {
    const body = bodyRef.current;
    if (!body) return;
    body.innerHTML = lesson.html;
    for (const pre of Array.from(body.querySelectorAll("pre"))) {
      pre.tabIndex = 0; // a long line scrolls sideways: reachable from the keyboard
      addCodeActions(pre, tRef.current);
    }

    const timers = new Set<ReturnType<typeof setTimeout>>();
    const flash = (button: HTMLButtonElement, text: string) => {
      const label = button.dataset.label ?? button.textContent ?? "";
      button.textContent = text;
      const timer = setTimeout(() => {
        button.textContent = label;
        timers.delete(timer);
      }, 1600);
      timers.add(timer);
    };
    const onClick = (event: MouseEvent) => {
      const button = (event.target as Element | null)?.closest<HTMLButtonElement>("button[data-code-action]");
      if (!button || !body.contains(button)) return;
      const pre = button.closest(".code-block")?.querySelector("pre");
      if (!pre) return;
      const code = (pre.querySelector("code") ?? pre).textContent ?? "";
      if (button.dataset.codeAction === "copy") {
        void copyText(code).then((ok) => flash(button, tRef.current(ok ? "code.copied" : "code.copyFailed")));
      } else if (button.dataset.codeAction === "run") {
        if (!onRunRef.current(code)) flash(button, tRef.current("code.notConnected"));
      }
    };
    body.addEventListener("click", onClick);
    return () => {
      body.removeEventListener("click", onClick);
      for (const timer of timers) clearTimeout(timer);
      body.innerHTML = "";
    };
  }, [lesson.html]);

  // Tick the task list: every item that names its checks shows their state (and says it to screen readers).
  useEffect(() => {
    const body = bodyRef.current;
    if (!body) return;
    for (const item of Array.from(body.querySelectorAll<HTMLLIElement>("li[data-checks]"))) {
      const state = taskState((item.dataset.checks ?? "").split(" ").filter(Boolean), statuses);
      item.dataset.task = state;
      item.closest("ol, ul")?.classList.add("task-list");
      let label = item.querySelector<HTMLSpanElement>(":scope > .task-state");
      if (!label) {
        label = document.createElement("span");
        label.className = "task-state visually-hidden";
        item.prepend(label);
      }
      label.textContent = `${t(`task.${state}`)} `;
    }
  }, [statuses, lesson.html, t]);

  return (
    <section className="pane lesson-pane" aria-label={t("lesson.region")} id="lesson" tabIndex={-1} lang={lesson.locale}>
      <div className="lesson-scroll">
        <header className="lesson-header">
          <p className="lesson-kicker">
            {t("lesson.kicker", { step: lesson.step, minutes: lesson.estimatedMinutes })} <code>{lesson.folder}/</code>
          </p>
          <h1 className="lesson-title">{lesson.title}</h1>
          {lesson.dueAt && <DueDate dueAt={lesson.dueAt} locale={lesson.locale} t={t} />}
          {lesson.goals.length > 0 && (
            <div className="lesson-goals">
              <h2>{t("lesson.goals")}</h2>
              <ul>
                {lesson.goals.map((goal) => (
                  <li key={goal}>{goal}</li>
                ))}
              </ul>
            </div>
          )}
        </header>
        <div ref={bodyRef} className="lesson-body prose" />
        {lesson.referenceSolution && <ReferenceSolution step={lesson.step} />}
      </div>
    </section>
  );
}

/** The student's due date in their own time zone; past it, what a submission now means. */
function DueDate({ dueAt, locale, t }: { dueAt: string; locale: string; t: Translate }) {
  const due = new Date(dueAt);
  const [past, setPast] = useState(() => due.getTime() < Date.now());
  useEffect(() => {
    const left = new Date(dueAt).getTime() - Date.now();
    // Turns when the date passes with the page open (timers beyond ~24 days would fire at once).
    if (left <= 0 || left > 2 ** 31 - 1) return;
    const timer = setTimeout(() => setPast(true), left);
    return () => clearTimeout(timer);
  }, [dueAt]);
  const date = new Intl.DateTimeFormat(locale, { dateStyle: "full", timeStyle: "short" }).format(due);
  return (
    <p className={past ? "lesson-due lesson-due-past" : "lesson-due"}>
      <time dateTime={dueAt}>{t(past ? "lesson.pastDue" : "lesson.due", { date })}</time>
    </p>
  );
}

function addCodeActions(pre: HTMLPreElement, t: Translate): void {
  if (pre.parentElement?.classList.contains("code-block")) return;
  const block = document.createElement("div");
  block.className = "code-block";
  const isShell = pre.dataset.run === "1";
  if (isShell) block.classList.add("code-block-shell");
  const actions = document.createElement("div");
  actions.className = "code-actions";
  actions.append(makeButton("copy", t("code.copy"), t("code.copyLabel")));
  if (isShell) actions.append(makeButton("run", t("code.run"), t("code.run")));
  pre.replaceWith(block);
  block.append(actions, pre);
}

function makeButton(action: string, text: string, label: string): HTMLButtonElement {
  const button = document.createElement("button");
  button.type = "button";
  button.className = `code-action code-action-${action}`;
  button.dataset.codeAction = action;
  button.dataset.label = text;
  button.setAttribute("aria-label", label);
  button.textContent = text;
  return button;
}

/** The Clipboard API needs a secure context (https or localhost); fall back to execCommand. */
async function copyText(text: string): Promise<boolean> {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // fall through to the fallback
  }
  const area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.style.position = "fixed";
  area.style.opacity = "0";
  document.body.append(area);
  area.select();
  let ok = false;
  try {
    ok = document.execCommand("copy");
  } catch {
    ok = false;
  }
  area.remove();
  return ok;
}
