import type { Metadata } from "next";
import { pageLocale } from "@/app/_lib/page-locale";
import { accountText } from "@/app/teacher/_ui/account-text";
import { requireTeacherPage } from "@/app/teacher/_ui/guard";
import accountStyles from "@/app/teacher/_ui/account.module.css";
import { getCourse } from "@/server/lessons/load-lessons";
import { courseStatus } from "@/server/lessons/course-cache";
import { LessonsFollower } from "./_ui/lessons-follower";
import styles from "./_ui/preview.module.css";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Preview of the steps" };

/** Every step of the course, each opening its preview; why the lesson files do not load, when they do not. */
export default async function PreviewListPage() {
  await requireTeacherPage();
  const locale = await pageLocale();
  const t = accountText(locale);
  const status = courseStatus();
  const lessons = await getCourse();
  return (
    <main className="page" id="main">
      <LessonsFollower version={status.version} />
      <div className={accountStyles.header}>
        <h1>{t("account.previewTitle")}</h1>
        <a className="btn btn-small" href="/teacher">
          {t("account.toClasses")}
        </a>
      </div>
      <p>{t("account.previewHelp")}</p>
      {status.error && (
        <p className={styles.error} role="alert" data-testid="lessons-error">
          {t("account.previewLoadError", { message: status.error.message })}
        </p>
      )}
      <ol>
        {lessons.map((lesson) => (
          <li key={lesson.step}>
            <a href={`/teacher/preview/${lesson.step}`}>{t("account.previewStep", { step: lesson.step, title: lesson.translations[locale]?.title ?? lesson.title })}</a> <code>{lesson.folder}/</code>{" "}
            <span className="muted">({lesson.checks.checks.length})</span>
          </li>
        ))}
      </ol>
    </main>
  );
}
