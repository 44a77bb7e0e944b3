/**
 * A server message as the page shows it: every message that came with a `text` is said in the
 * page's language (check results, lint findings and statuses alike); the rest stays as sent.
 * No node:* imports: the browser applies it to every frame it decodes.
 */
import type { CheckResult, LintFinding, ServerMessage } from "../protocol/messages";
import type { Locale } from "./locale";
import { localizedMessage } from "./render-text";

function localizeFinding(finding: LintFinding, locale: Locale): LintFinding {
  return finding.text ? { ...finding, message: localizedMessage(finding.message, finding.text, locale) } : finding;
}

export function localizeResult(result: CheckResult, locale: Locale): CheckResult {
  if (locale === "en" || (!result.text && !result.findings?.some((f) => f.text))) return result;
  const localized: CheckResult = { ...result, message: localizedMessage(result.message, result.text, locale) };
  if (result.findings) localized.findings = result.findings.map((finding) => localizeFinding(finding, locale));
  return localized;
}

export function localizeServerMessage(message: ServerMessage, locale: Locale): ServerMessage {
  if (locale === "en") return message;
  switch (message.type) {
    case "check.result":
      return { ...message, result: localizeResult(message.result, locale) };
    case "check.finished":
    case "lint.result":
      return { ...message, results: message.results.map((result) => localizeResult(result, locale)) };
    default:
      return "message" in message && message.text ? { ...message, message: localizedMessage(message.message, message.text, locale) } : message;
  }
}
