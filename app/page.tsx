import { CourseList } from "./_components/course/course-list";
import { EngineHealthBanner } from "./_components/engine-health-banner";
import { LanguageSwitch } from "./_components/i18n";
import { SettingsMenu } from "./_components/settings/settings-menu";
import { pageLocale } from "./_lib/page-locale";
import { translator } from "@/lib/i18n/messages";

export default async function HomePage() {
  const t = translator(await pageLocale());
  return (
    <div className="home">
      <header className="site-header">
        <div className="site-header-inner">
          <span className="brand">
            <span className="brand-mark" aria-hidden="true">
              ▣
            </span>{" "}
            Docker Workbench
          </span>
          <span className="toolbar-spacer" />
          <LanguageSwitch className="language-switch-dark" />
          <SettingsMenu />
          <a className="btn btn-ghost-dark btn-small" href="/api/workspace.zip" download>
            {t("home.download")}
          </a>
        </div>
      </header>
      <main className="page">
        <EngineHealthBanner />
        <section className="intro">
          <h1>{t("home.title")}</h1>
          <p>{t("home.intro")}</p>
        </section>
        <CourseList />
      </main>
    </div>
  );
}
