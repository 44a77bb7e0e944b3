/**
 * Reads a page of a WordPress site: its title, version, and which of WordPress's own pages it is
 * (installer forms, the installer's answers, the database error). Pure text work, so the journey
 * in wordpress-journey.ts stays a sequence of requests.
 */
import type { WordpressPage } from "../grading/evidence";

const NAMED_ENTITIES: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: " ",
  rsaquo: "›",
  lsaquo: "‹",
  ndash: "–",
  mdash: "—",
  hellip: "…",
};

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === "#") {
      const code = name[1] === "x" || name[1] === "X" ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(code) ? String.fromCodePoint(code) : whole;
    }
    return NAMED_ENTITIES[name.toLowerCase()] ?? whole;
  });
}

const textOf = (html: string) =>
  decodeEntities(html.replace(/<[^>]*>/g, " "))
    .replace(/\s+/g, " ")
    .trim();

/** Which installer page this is, if any. */
export type InstallerPage = "language-form" | "setup-form" | "success" | "already-installed" | "other";

export function installerPageKind(body: string): InstallerPage {
  if (/<select[^>]*name=["']language["']/i.test(body) && !/name=["']weblog_title["']/i.test(body)) return "language-form";
  if (/name=["']weblog_title["']/i.test(body)) return "setup-form";
  if (/<h1[^>]*>\s*Success!?\s*<\/h1>/i.test(body) || /WordPress has been installed/i.test(body)) return "success";
  if (/Already Installed/i.test(body)) return "already-installed";
  return "other";
}

/** The error the installer shows above its form (<p class="message">…</p>), or the page's text. */
export function installerMessage(body: string): string {
  const message = /<p[^>]*class=["'][^"']*message[^"']*["'][^>]*>([\s\S]*?)<\/p>/i.exec(body);
  if (message?.[1]) return textOf(message[1]);
  const main = /<body[^>]*>([\s\S]*)<\/body>/i.exec(body)?.[1] ?? body;
  return textOf(main).slice(0, 300);
}

/** The options of the installer's language list; "" (English) when it has none. */
export function firstLanguage(body: string): string {
  const select = /<select[^>]*name=["']language["'][^>]*>([\s\S]*?)<\/select>/i.exec(body)?.[1] ?? "";
  const selected = /<option[^>]*value=["']([^"']*)["'][^>]*selected/i.exec(select)?.[1];
  return selected ?? "";
}

/** Hidden or preset fields of the setup form the grader should send back as they are. */
export function hiddenFields(body: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const input of body.match(/<input[^>]*type=["']hidden["'][^>]*>/gi) ?? []) {
    const name = /name=["']([^"']+)["']/i.exec(input)?.[1];
    const value = /value=["']([^"']*)["']/i.exec(input)?.[1] ?? "";
    if (name) fields[name] = decodeEntities(value);
  }
  return fields;
}

export function readWordpressPage(answer: { status?: number; url?: string; body?: string; error?: string }): WordpressPage {
  const body = answer.body ?? "";
  const page: WordpressPage = {
    databaseError: /Error establishing a database connection/i.test(body),
    installer: /\/wp-admin\/install\.php/.test(answer.url ?? "") || ["language-form", "setup-form"].includes(installerPageKind(body)),
    excerpt: textOf(/<body[^>]*>([\s\S]*)<\/body>/i.exec(body)?.[1] ?? body).slice(0, 300),
  };
  if (answer.status !== undefined) page.status = answer.status;
  if (answer.url !== undefined) page.url = answer.url;
  if (answer.error !== undefined) page.error = answer.error;
  const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(body)?.[1];
  if (title !== undefined) page.title = textOf(title);
  const version = /<meta[^>]*name=["']generator["'][^>]*content=["']WordPress\s+([^"']+)["']/i.exec(body)?.[1];
  if (version) page.version = version.trim();
  return page;
}
