/** The wordpress-journey judge on evidence: what passes, and what each kind of failure tells the student. */
import { describe, expect, it } from "vitest";
import { specOf } from "../../fixtures/test-workspace";
import type { WordpressJourneyOutcome, WordpressPage } from "../../evidence";
import { judgeWordpressJourney } from "./judge";

const TITLE = "Docker Workbench step 8";
const plain = specOf({ kind: "wordpress-journey", port: 8080, siteTitle: TITLE });
const withRecreate = specOf({
  kind: "wordpress-journey",
  port: 8080,
  siteTitle: TITLE,
  recreate: { script: "docker-compose down && docker-compose up -d", homeFolders: ["data_wordpress", "source_code_wordpress"] },
});

const page = (fields: Partial<WordpressPage> = {}): WordpressPage => ({
  status: 200,
  title: `${TITLE} – Just another WordPress site`,
  version: "6.1.9",
  databaseError: false,
  installer: false,
  excerpt: "",
  ...fields,
});
const journey = (fields: Partial<WordpressJourneyOutcome> = {}): WordpressJourneyOutcome => ({
  kind: "wordpress-journey",
  transcript: ["GET / → 200 (the installer)"],
  install: "installed",
  home: page(),
  ...fields,
});
const folders = [
  { path: "~/data_wordpress", entries: 12 },
  { path: "~/source_code_wordpress", entries: 20 },
];
const recreated = (fields: Partial<NonNullable<WordpressJourneyOutcome["recreate"]>> = {}) => ({ exitCode: 0, timedOut: false, outputTail: "", home: page(), folders, ...fields });

describe("wordpress-journey without recreate", () => {
  it("passes when the grader installed the site and the home page shows its title", () => {
    const result = judgeWordpressJourney(plain, journey());
    expect(result.status).toBe("pass");
    expect(result.message).toBe(`The grader installed WordPress with the title "${TITLE}" and the home page shows it (WordPress 6.1.9).`);
  });

  it("passes a site someone had already installed, whatever its title", () => {
    const result = judgeWordpressJourney(plain, journey({ install: "already-installed", home: page({ title: "My own blog" }) }));
    expect(result.status).toBe("pass");
    expect(result.message).toContain('already installed (the grader kept it): the home page shows "My own blog"');
  });

  it("explains a database connection error in terms of the stack file", () => {
    const result = judgeWordpressJourney(plain, journey({ install: "unreachable", home: page({ status: 500, databaseError: true }) }));
    expect(result.status).toBe("fail");
    expect(result.message).toContain("Error establishing a database connection");
    expect(result.message).toContain("WORDPRESS_DB_HOST");
    expect(result.message).toContain("What the grader did: GET / → 200 (the installer).");
  });

  it("says when nothing listens on the port", () => {
    const result = judgeWordpressJourney(
      plain,
      journey({ install: "unreachable", home: { databaseError: false, installer: false, excerpt: "", error: "connection refused (nothing listens on that port)" } }),
    );
    expect(result.message).toContain("nothing answered on port 8080 (connection refused (nothing listens on that port))");
  });

  it("quotes the installer when it refused the form", () => {
    const result = judgeWordpressJourney(plain, journey({ install: "refused", installMessage: "Please provide a valid email address." }));
    expect(result.message).toContain('it answered: "Please provide a valid email address."');
  });

  it("fails when the home page does not show the installed title", () => {
    const result = judgeWordpressJourney(plain, journey({ home: page({ title: "Another site" }) }));
    expect(result.status).toBe("fail");
    expect(result.message).toContain(`to show the title "${TITLE}" the grader installed; its <title> is "Another site"`);
  });

  it("fails when the installer is still shown after installing", () => {
    expect(judgeWordpressJourney(plain, journey({ home: page({ installer: true }) })).message).toContain("shows WordPress's installer");
  });
});

describe("wordpress-journey with recreate", () => {
  it("passes when the same site comes back and the home folders hold the data", () => {
    const result = judgeWordpressJourney(withRecreate, journey({ recreate: recreated() }));
    expect(result.status).toBe("pass");
    expect(result.message).toContain(
      `After removing and recreating the stack, it still shows "${TITLE}" (WordPress 6.1.9), and ~/data_wordpress holds 12 entries and ~/source_code_wordpress holds 20 entries.`,
    );
  });

  it("keeps the title of a site the student had installed as the one to find again", () => {
    const mine = page({ title: "Mon blog" });
    expect(judgeWordpressJourney(withRecreate, journey({ install: "already-installed", home: mine, recreate: recreated({ home: mine }) })).status).toBe("pass");
    const other = judgeWordpressJourney(withRecreate, journey({ install: "already-installed", home: mine, recreate: recreated({ home: page({ title: "Something else" }) }) }));
    expect(other.message).toContain('to show "Mon blog" again');
  });

  it("says the database was not kept when the installer comes back", () => {
    const result = judgeWordpressJourney(withRecreate, journey({ recreate: recreated({ home: page({ installer: true }) }) }));
    expect(result.status).toBe("fail");
    expect(result.message).toContain("shows WordPress's installer again: the database was not kept");
    expect(result.message).toContain("~/data_wordpress");
  });

  it("reports a recreate script that failed, with its output", () => {
    const result = judgeWordpressJourney(withRecreate, journey({ recreate: recreated({ exitCode: 1, outputTail: "ERROR: port is already allocated" }) }));
    expect(result.message).toContain("failed (exit code 1): ERROR: port is already allocated");
  });

  it("fails when a home folder is empty or missing", () => {
    const result = judgeWordpressJourney(
      withRecreate,
      journey({
        recreate: recreated({
          folders: [
            { path: "~/data_wordpress", entries: 0 },
            { path: "~/source_code_wordpress", entries: null },
          ],
        }),
      }),
    );
    expect(result.status).toBe("fail");
    expect(result.message).toContain("~/data_wordpress is empty and ~/source_code_wordpress is missing");
  });

  it("fails when the site does not come back", () => {
    const result = judgeWordpressJourney(withRecreate, journey({ recreate: recreated({ home: page({ status: 500, databaseError: true }) }) }));
    expect(result.message).toContain("to answer again after removing and recreating the stack");
  });

  it("reports an error, not a pass, when the recreate phase is missing from the evidence", () => {
    expect(judgeWordpressJourney(withRecreate, journey()).status).toBe("fail");
  });
});
