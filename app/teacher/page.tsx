import type { Metadata } from "next";
import { pageLocale } from "../_lib/page-locale";
import { getCourse } from "@/server/lessons/load-lessons";
import { joinPath, listVisibleClasses } from "@/server/identity/classes";
import { accountText } from "./_ui/account-text";
import { requireTeacherPage } from "./_ui/guard";
import { SignOutButton } from "./_ui/sign-out-button";
import { CreateClassForm } from "./create-class-form";
import { ResetLinkForm } from "./reset-link-form";
import { ApiTokensSection } from "./api-tokens-section";
import { listMyApiTokens } from "@/server/identity/api-tokens";
import styles from "./_ui/account.module.css";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Classes" };

/** A teacher's classes (an admin's: all), creating one, and reset links. */
export default async function TeacherPage() {
  const account = await requireTeacherPage();
  const t = accountText(await pageLocale());
  const [classes, lessons, tokens] = await Promise.all([listVisibleClasses(account), getCourse(), listMyApiTokens(account)]);
  return (
    <main className="page" id="main">
      <div className={styles.header}>
        <h1>{account.role === "admin" ? t("account.allClassesTitle") : t("account.teacherTitle")}</h1>
        <span className="muted">{t("account.signedInAs", { email: account.email })}</span>
        <a className="btn btn-small" href="/">
          {t("account.toCourse")}
        </a>
        <a className="btn btn-small" href="/teacher/preview">
          {t("account.previewLink")}
        </a>
        <a className="btn btn-small" href="/account">
          {t("account.yourAccount")}
        </a>
        <SignOutButton />
      </div>
      {classes.length === 0 ? (
        <p>{t("account.noClasses")}</p>
      ) : (
        <div className={styles["table-wrap"]}>
          <table className={styles.table}>
            <thead>
              <tr>
                <th scope="col">{t("account.className")}</th>
                <th scope="col">{t("account.classSteps")}</th>
                <th scope="col">{t("account.classJoin")}</th>
              </tr>
            </thead>
            <tbody>
              {classes.map((klass) => (
                <tr key={klass.id}>
                  <th scope="row">
                    <a href={`/teacher/classes/${klass.id}`}>{klass.name}</a>
                  </th>
                  <td>{klass.steps.join(", ")}</td>
                  <td className={styles.link}>{joinPath(klass.joinCode)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <CreateClassForm steps={lessons.map((lesson) => ({ step: lesson.step, title: lesson.title }))} />
      <ResetLinkForm />
      <ApiTokensSection initial={tokens.map((token) => ({ id: token.id, name: token.name, createdAt: token.createdAt.toISOString(), lastUsedAt: token.lastUsedAt?.toISOString() ?? null }))} />
    </main>
  );
}
