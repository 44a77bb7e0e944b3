/**
 * `wordpress-journey`: the grader completed WordPress's installer over HTTP against the stack it
 * started, then read the home page; with `recreate`, the stack was removed and recreated and the
 * site must still be the same installed site (its data lives outside the containers).
 */
import type { CheckResult } from "../../../../lib/protocol/messages";
import type { CheckSpecOf } from "../../check-spec";
import type { WordpressJourneyOutcome, WordpressPage } from "../../evidence";
import { excerpt, resultsFor } from "../../judges/check-result";
import { listOf, say, semicolonsOf, type TextRef, type TextValue } from "../../../../lib/i18n/text-ref";

type Spec = CheckSpecOf<"wordpress-journey">;

function transcriptOf(outcome: WordpressJourneyOutcome): TextValue {
  const lines = outcome.transcript.slice(-8);
  return lines.length ? say("journey.transcript", { steps: semicolonsOf(lines) }) : "";
}

/** Why a page is not the installed site, in the student's terms; undefined when it is fine. */
function pageTrouble(page: WordpressPage | undefined, port: number): TextRef | undefined {
  if (!page || page.status === undefined) {
    const error = page?.error === "socket hang up" ? say("journey.hangUp") : page?.error;
    return error ? say("journey.nothingAnsweredWhy", { port, error }) : say("journey.nothingAnswered", { port });
  }
  if (page.databaseError) return say("journey.databaseError");
  if (page.installer) return say("journey.installer");
  if (page.status !== 200) return page.excerpt ? say("journey.statusExcerpt", { status: page.status, excerpt: excerpt(page.excerpt, 100) }) : say("journey.status", { status: page.status });
  return undefined;
}

export function judgeWordpressJourney(spec: Spec, outcome: WordpressJourneyOutcome): CheckResult {
  const { pass, fail } = resultsFor(spec, "dynamic");
  const site = `http://localhost:${spec.port}${spec.path}`;

  if (outcome.install === "unreachable") {
    const trouble = pageTrouble(outcome.home, spec.port) ?? say("journey.installerNever");
    return fail(say("journey.unreachable", { site, seconds: spec.timeoutSeconds, trouble, transcript: transcriptOf(outcome) }));
  }
  if (outcome.install === "refused") {
    const answer = outcome.installText ?? (outcome.installMessage ? excerpt(outcome.installMessage, 200) : say("journey.noMessage"));
    return fail(say("journey.refused", { answer, transcript: transcriptOf(outcome) }));
  }

  const trouble = pageTrouble(outcome.home, spec.port);
  if (trouble) return fail(say("journey.homeTrouble", { site, trouble, transcript: transcriptOf(outcome) }));
  const home = outcome.home!;
  const expectedTitle = outcome.install === "installed" ? spec.siteTitle : (home.title ?? "").trim();
  const foundTitle = (home.title ?? "").trim();
  if (outcome.install === "installed" && !foundTitle.includes(spec.siteTitle)) {
    return fail(say("journey.wrongTitle", { site, title: spec.siteTitle, found: foundTitle, transcript: transcriptOf(outcome) }));
  }
  if (!expectedTitle) return fail(say("journey.noTitle", { site, transcript: transcriptOf(outcome) }));

  const how = outcome.install === "installed" ? say("journey.installed", { title: spec.siteTitle }) : say("journey.alreadyInstalled", { title: expectedTitle });
  const version = home.version ? say("journey.version", { version: home.version }) : "";
  if (!spec.recreate) return pass(say("journey.pass", { how, version }));

  const recreate = outcome.recreate;
  if (!recreate) return fail(say("journey.noRecreate", { transcript: transcriptOf(outcome) }));
  if (recreate.timedOut || recreate.exitCode !== 0) {
    const ended = recreate.timedOut
      ? say("journey.recreateTimeout", { seconds: spec.recreate.timeoutSeconds })
      : say("journey.recreateFailed", { code: recreate.exitCode ?? say("journey.recreateNone") });
    return fail(say("journey.recreateEnded", { ended, output: excerpt(recreate.outputTail, 400) }));
  }
  const after = recreate.home;
  if (after?.installer) return fail(say("journey.installerAgain", { site, transcript: transcriptOf(outcome) }));
  const troubleAfter = pageTrouble(after, spec.port);
  if (troubleAfter) return fail(say("journey.troubleAfter", { trouble: troubleAfter, transcript: transcriptOf(outcome) }));
  const titleAfter = (after!.title ?? "").trim();
  if (!titleAfter.includes(expectedTitle)) {
    return fail(say("journey.titleAfter", { title: expectedTitle, found: titleAfter, transcript: transcriptOf(outcome) }));
  }
  const empty = recreate.folders.filter((f) => !f.entries);
  if (empty.length) {
    const described = empty.map((f) => {
      if (f.note === "cannot be read") return say("journey.folderUnreadable", { path: f.path });
      if (f.note && f.note !== "is missing") return say("journey.folderNote", { path: f.path, note: f.note });
      return say(f.entries === 0 && !f.note ? "journey.folderEmpty" : "journey.folderMissing", { path: f.path });
    });
    return fail(say("journey.dataElsewhere", { described: listOf(described) }));
  }
  const folders = recreate.folders.length ? say("journey.folders", { folders: listOf(recreate.folders.map((f) => say("journey.folderHolds", { path: f.path, count: f.entries ?? 0 }))) }) : "";
  const versionAfter = after!.version ? say("journey.version", { version: after!.version }) : "";
  return pass(say("journey.passRecreated", { how, version, title: expectedTitle, versionAfter, folders }));
}
