/**
 * `wordpress-journey`: the grader completed WordPress's installer over HTTP against the stack it
 * started, then read the home page; with `recreate`, the stack was removed and recreated and the
 * site must still be the same installed site (its data lives outside the containers).
 */
import type { CheckResult } from "../../../../lib/protocol/messages";
import type { CheckSpecOf } from "../../check-spec";
import type { WordpressJourneyOutcome, WordpressPage } from "../../evidence";
import { excerpt, listInProse, resultsFor } from "../../judges/check-result";

type Spec = CheckSpecOf<"wordpress-journey">;

function transcriptOf(outcome: WordpressJourneyOutcome): string {
  const lines = outcome.transcript.slice(-8);
  return lines.length ? ` What the grader did: ${lines.join("; ")}.` : "";
}

/** Why a page is not the installed site, in the student's terms; undefined when it is fine. */
function pageTrouble(page: WordpressPage | undefined, port: number): string | undefined {
  if (!page || page.status === undefined) {
    const error = page?.error === "socket hang up" ? "the connection was closed without an answer" : page?.error;
    return `nothing answered on port ${port}${error ? ` (${error})` : ""}: the wordpress service must run its web server and publish it with ports "${port}:80"`;
  }
  if (page.databaseError) {
    return (
      'WordPress answers but says "Error establishing a database connection": the database name, user or password WordPress uses ' +
      "do not match the ones the db service created, WORDPRESS_DB_HOST does not name the db service, or the db service is not running (read docker-compose logs db)"
    );
  }
  if (page.installer) return "the site shows WordPress's installer: it is not installed";
  if (page.status !== 200) return `the home page answered with status ${page.status}${page.excerpt ? ` ("${excerpt(page.excerpt, 100)}")` : ""}`;
  return undefined;
}

export function judgeWordpressJourney(spec: Spec, outcome: WordpressJourneyOutcome): CheckResult {
  const { pass, fail } = resultsFor(spec, "dynamic");
  const site = `http://localhost:${spec.port}${spec.path}`;

  if (outcome.install === "unreachable") {
    const trouble = pageTrouble(outcome.home, spec.port) ?? "the installer never answered";
    return fail(`Expected WordPress's installer at ${site}wp-admin/install.php within ${spec.timeoutSeconds} s; ${trouble}.${transcriptOf(outcome)}`);
  }
  if (outcome.install === "refused") {
    return fail(`Expected the WordPress installer to accept the site title, user and password; it answered: "${excerpt(outcome.installMessage ?? "(no message)", 200)}".${transcriptOf(outcome)}`);
  }

  const trouble = pageTrouble(outcome.home, spec.port);
  if (trouble) return fail(`Expected the home page ${site} to show the installed site; ${trouble}.${transcriptOf(outcome)}`);
  const home = outcome.home!;
  const expectedTitle = outcome.install === "installed" ? spec.siteTitle : (home.title ?? "").trim();
  const foundTitle = (home.title ?? "").trim();
  if (outcome.install === "installed" && !foundTitle.includes(spec.siteTitle)) {
    return fail(`Expected the home page ${site} to show the title "${spec.siteTitle}" the grader installed; its <title> is "${foundTitle}".${transcriptOf(outcome)}`);
  }
  if (!expectedTitle) return fail(`Expected the home page ${site} to be a WordPress site with a title; it has no <title>.${transcriptOf(outcome)}`);

  const how =
    outcome.install === "installed"
      ? `The grader installed WordPress with the title "${spec.siteTitle}" and the home page shows it`
      : `WordPress was already installed (the grader kept it): the home page shows "${expectedTitle}"`;
  const version = home.version ? ` (WordPress ${home.version})` : "";
  if (!spec.recreate) return pass(`${how}${version}.`);

  const recreate = outcome.recreate;
  if (!recreate) return fail(`The grader did not get to remove and recreate the stack.${transcriptOf(outcome)}`);
  if (recreate.timedOut || recreate.exitCode !== 0) {
    const ended = recreate.timedOut ? `did not finish within ${spec.recreate.timeoutSeconds} s` : `failed (exit code ${recreate.exitCode ?? "none"})`;
    return fail(`Expected the stack to be removed and recreated; the commands ${ended}: ${excerpt(recreate.outputTail, 400)}`);
  }
  const after = recreate.home;
  if (after?.installer) {
    return fail(
      `Expected the site to survive removing and recreating the stack; afterwards ${site} shows WordPress's installer again: the database was not kept. ` +
        `Mount a folder of your home (~/data_wordpress) on /var/lib/mysql in the db service.${transcriptOf(outcome)}`,
    );
  }
  const troubleAfter = pageTrouble(after, spec.port);
  if (troubleAfter) return fail(`Expected the site to answer again after removing and recreating the stack; ${troubleAfter}.${transcriptOf(outcome)}`);
  const titleAfter = (after!.title ?? "").trim();
  if (!titleAfter.includes(expectedTitle)) {
    return fail(`Expected the home page to show "${expectedTitle}" again after removing and recreating the stack; its <title> is now "${titleAfter}".${transcriptOf(outcome)}`);
  }
  const empty = recreate.folders.filter((f) => !f.entries);
  if (empty.length) {
    const described = empty.map((f) => `${f.path} ${f.note ?? (f.entries === 0 ? "is empty" : "is missing")}`);
    return fail(`Expected the data to live in your home folder; after recreating the stack ${listInProse(described)}. Bind-mount these folders in the stack file.`);
  }
  const folders = recreate.folders.length ? `, and ${listInProse(recreate.folders.map((f) => `${f.path} holds ${f.entries} entries`))}` : "";
  const versionAfter = after!.version ? ` (WordPress ${after!.version})` : "";
  return pass(`${how}${version}. After removing and recreating the stack, it still shows "${expectedTitle}"${versionAfter}${folders}.`);
}
