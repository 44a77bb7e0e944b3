/**
 * Why a launch's claims were refused, in the workbench's words (a catalog message), never zod's:
 * the claim that is missing or not in LTI 1.3's form, by its short name ("context",
 * "resource_link.id"). zod's own detail goes to the server's log.
 */
import type { z } from "zod";
import { say, type TextRef } from "../../lib/i18n/text-ref";
import { CLAIMS } from "./lti-claims";

/** "https://purl.imsglobal.org/spec/lti/claim/resource_link" → "resource_link"; other keys as they are. */
const shortName = (key: PropertyKey) => String(key).replace(/^https?:\/\/.*\//, "");

function valueAt(payload: unknown, path: readonly PropertyKey[]): unknown {
  let value = payload;
  for (const key of path) value = typeof value === "object" && value !== null ? (value as Record<PropertyKey, unknown>)[key] : undefined;
  return value;
}

export function claimsRefusalText(issues: readonly z.core.$ZodIssue[], payload: unknown): TextRef {
  const issue = issues[0];
  const path = issue?.path ?? [];
  let reason: TextRef;
  if (path[0] === CLAIMS.messageType) reason = say("lti.notResourceLink");
  else if (path[0] === CLAIMS.version) reason = say("lti.notVersion13");
  else if (path.length === 0) reason = say("lti.claimMalformed", { claim: "id_token" });
  else {
    const claim = path
      .map((key, index) => (index === 0 ? shortName(key) : String(key)))
      .join(".")
      .slice(0, 120);
    reason = valueAt(payload, path) === undefined ? say("lti.claimMissing", { claim }) : say("lti.claimMalformed", { claim });
  }
  return say("lti.launchUnreadable", { reason });
}
