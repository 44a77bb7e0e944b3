import { CourseList } from "./_components/course/course-list";
import { EngineHealthBanner } from "./_components/engine-health-banner";

export default function HomePage() {
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
          <a className="btn btn-ghost-dark btn-small" href="/api/workspace.zip" download>
            Download my workspace
          </a>
        </div>
      </header>
      <main className="page">
        <EngineHealthBanner />
        <section className="intro">
          <h1>From a “dirty” container to a Swarm cluster</h1>
          <p>
            Each step is a folder of your workspace. Read the lesson, edit the files, try things in your own terminal, and
            press <kbd>Check</kbd> to have your work built, run and graded.
          </p>
        </section>
        <CourseList />
      </main>
    </div>
  );
}
