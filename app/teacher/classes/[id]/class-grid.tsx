"use client";
/**
 * The class's students × steps: a plain table (caption, column and row headers, words in every
 * cell rather than colour alone) whose headers stay in view while it scrolls, sortable by any
 * column (a button in each header, `aria-sort` saying the order) and filtered by name or e-mail.
 */
import { Fragment, useId, useMemo, useState, type ReactNode } from "react";
import type { ClassGridCell, ClassGridRow, GridState } from "@/server/identity/classes";
import type { AccountTranslate } from "../../_ui/account-text";
import { useAccountText } from "../../_ui/use-account-text";
import { useI18n } from "@/app/_components/i18n";
import styles from "../../_ui/account.module.css";

type SortKey = "name" | "last" | number;
type Sort = { key: SortKey; descending: boolean };

const STATE_TEXT = {
  "not-started": "account.cellNothing",
  working: "account.cellWorking",
  "checks-passing": "account.cellChecksPassing",
  submitted: "account.cellSubmitted",
  passed: "account.cellPassed",
} as const;
const STATE_RANK: Record<GridState, number> = { "not-started": 0, working: 1, "checks-passing": 2, submitted: 3, passed: 4 };

/** Scores are stored as percentages (0–100). */
const percent = (score: number) => `${Math.round(score)} %`;

/** How one row compares with another for a column: a step by where the student is, then the score. */
function compare(a: ClassGridRow, b: ClassGridRow, key: SortKey): number {
  if (key === "name") return a.name.localeCompare(b.name);
  if (key === "last") return (a.lastActivityAt ?? "").localeCompare(b.lastActivityAt ?? "");
  const cellOf = (row: ClassGridRow) => row.cells.find((cell) => cell.step === key);
  const [x, y] = [cellOf(a), cellOf(b)];
  return (x ? STATE_RANK[x.state] : -1) - (y ? STATE_RANK[y.state] : -1) || (x?.bestScore ?? -1) - (y?.bestScore ?? -1);
}

export function sortAndFilter(rows: ClassGridRow[], sort: Sort, filter: string): ClassGridRow[] {
  const needle = filter.trim().toLocaleLowerCase();
  const kept = needle ? rows.filter((row) => `${row.name} ${row.email ?? ""}`.toLocaleLowerCase().includes(needle)) : rows;
  // Ties keep the order the students joined in.
  return [...kept].sort((a, b) => (sort.descending ? -1 : 1) * compare(a, b, sort.key) || rows.indexOf(a) - rows.indexOf(b));
}

export function ClassGrid({ classId, className, steps, deadlines, rows }: { classId: string; className: string; steps: number[]; deadlines: Record<number, string>; rows: ClassGridRow[] }) {
  const t = useAccountText();
  const { locale } = useI18n();
  const id = useId();
  const [sort, setSort] = useState<Sort>({ key: "name", descending: false });
  const [filter, setFilter] = useState("");
  const when = useMemo(() => new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }), [locale]);
  const shown = useMemo(() => sortAndFilter(rows, sort, filter), [rows, sort, filter]);
  const header = (key: SortKey, label: ReactNode, extra?: ReactNode) => {
    const active = sort.key === key;
    return (
      <th scope="col" aria-sort={active ? (sort.descending ? "descending" : "ascending") : "none"}>
        <button type="button" className={styles["sort-button"]} onClick={() => setSort({ key, descending: active ? !sort.descending : false })}>
          {label}
          {/* Seen, not read: aria-sort already tells the order. */}
          <span aria-hidden="true">{active ? (sort.descending ? " ▼" : " ▲") : ""}</span>
        </button>
        {extra}
      </th>
    );
  };
  return (
    <>
      <div className={styles["grid-tools"]}>
        <label htmlFor={`${id}-filter`}>{t("account.gridFilter")}</label>
        <input id={`${id}-filter`} type="search" value={filter} onChange={(event) => setFilter(event.target.value)} />
        <span role="status" className={styles.hint}>
          {filter.trim() ? t("account.gridShown", { shown: shown.length, total: rows.length }) : ""}
        </span>
      </div>
      <div className={`${styles["table-wrap"]} ${styles["grid-wrap"]}`} role="region" aria-labelledby={`${id}-caption`} tabIndex={0}>
        <table className={`${styles.table} ${styles.grid}`}>
          <caption id={`${id}-caption`}>{t("account.gridCaption", { name: className })}</caption>
          <thead>
            <tr>
              {header("name", t("account.gridStudent"))}
              {steps.map((step) => (
                <Fragment key={step}>
                  {header(
                    step,
                    t("account.gridStep", { step }),
                    deadlines[step] && (
                      <>
                        <br />
                        <time className="muted" dateTime={deadlines[step]}>
                          {t("account.gridDue", { date: when.format(new Date(deadlines[step])) })}
                        </time>
                      </>
                    ),
                  )}
                </Fragment>
              ))}
              {header("last", t("account.gridLast"))}
            </tr>
          </thead>
          <tbody>
            {shown.map((row) => (
              <tr key={row.studentId}>
                <th scope="row">
                  {row.name}
                  {row.email && (
                    <>
                      <br />
                      <span className="muted">{row.email}</span>
                    </>
                  )}
                </th>
                {row.cells.map((cell) => (
                  <td key={cell.step}>
                    <Cell cell={cell} t={t} when={when} />
                    <a href={`/teacher/classes/${encodeURIComponent(classId)}/students/${encodeURIComponent(row.studentId)}/steps/${cell.step}`}>
                      {t("account.runShow")}
                      <span className="visually-hidden"> {t("account.cellOpen", { name: row.name, step: cell.step })}</span>
                    </a>
                  </td>
                ))}
                <td>{row.lastActivityAt ? <time dateTime={row.lastActivityAt}>{when.format(new Date(row.lastActivityAt))} UTC</time> : t("account.never")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

/** A student's step: where they are, in words (never colour alone), then the figures behind it. */
function Cell({ cell, t, when }: { cell: ClassGridCell; t: AccountTranslate; when: Intl.DateTimeFormat }) {
  const lines: ReactNode[] = [];
  const state = t(STATE_TEXT[cell.state]);
  lines.push(cell.state === "passed" ? <span className={styles.passed}>✓ {state}</span> : cell.state === "not-started" ? <span className="muted">{state}</span> : state);
  if (cell.late) lines.push(<span className={styles.late}>{t("account.cellLate")}</span>);
  if (cell.bestScore !== null) lines.push(t("account.cellBest", { score: percent(cell.bestScore) }));
  if (cell.late && cell.onTimeScore !== null) lines.push(t("account.cellOnTime", { score: percent(cell.onTimeScore) }));
  if (cell.attempts > 0) lines.push(t("account.cellAttempts", { count: cell.attempts }));
  const ownDate = cell.extended && cell.dueAt ? t("account.cellExtended", { date: when.format(new Date(cell.dueAt)) }) : null;
  return (
    <>
      {lines.map((line, index) => (
        <span key={index} className={styles["cell-line"]}>
          {line}
        </span>
      ))}
      {ownDate && <span className={`${styles["cell-line"]} ${styles["cell-note"]}`}>{ownDate}</span>}
    </>
  );
}
