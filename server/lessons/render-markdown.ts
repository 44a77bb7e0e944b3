/**
 * Lesson Markdown to HTML. Shell code blocks get data-run="1" so the page can offer "Run in
 * terminal"; every block keeps its language class for highlighting. A list item that ends with
 * `<!-- checks: id1 id2 -->` (the task list) becomes `<li data-checks="id1 id2">`, so the page
 * can tick it from those checks' results.
 */
import { Marked, type Tokens } from "marked";

const RUNNABLE = new Set(["bash", "sh", "shell", "console"]);

const escapeHtml = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/**
 * Raw HTML in lessons: a few harmless tags without attributes pass (and `<details open>`),
 * anything else is shown as text.
 */
const ALLOWED_TAG = /^<(?:\/?(details|summary|kbd|br|em|strong|code|sub|sup|p|ul|ol|li)\s*\/?|details\s+open)>$/i;

export function sanitizeLessonHtml(html: string): string {
  return html.replace(/<[^>]*>?/g, (tag) => (ALLOWED_TAG.test(tag) ? tag : escapeHtml(tag)));
}

const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/** `<!-- checks: a b -->` in a lesson's Markdown; check ids are lowercase words with dashes. */
const CHECKS_COMMENT = /<!--\s*checks:\s*([a-z0-9][a-z0-9-]*(?:[\s,]+[a-z0-9][a-z0-9-]*)*)\s*-->/g;
/** What the comment becomes before Markdown is parsed: text no lesson contains (invisible separators). */
const CHECKS_MARK = /\u2063checks:([a-z0-9 -]+)\u2063/;

/** The check ids each task-list comment of a lesson names, in order (for validating them against checks.yaml). */
export function taskCheckIds(markdown: string): string[][] {
  const found: string[][] = [];
  outsideFences(markdown, (line) => {
    for (const m of line.matchAll(CHECKS_COMMENT)) found.push(splitIds(m[1]!));
    return line;
  });
  return found;
}

const splitIds = (list: string) => list.split(/[\s,]+/).filter(Boolean);

/** Applies `edit` to every line outside fenced code. */
function outsideFences(markdown: string, edit: (line: string) => string): string {
  let fence: string | null = null;
  return markdown
    .split("\n")
    .map((line) => {
      const fenceMatch = FENCE.exec(line);
      if (fence) {
        if (fenceMatch && fenceMatch[1]!.startsWith(fence)) fence = null;
        return line;
      }
      if (fenceMatch) {
        fence = fenceMatch[1]!;
        return line;
      }
      return edit(line);
    })
    .join("\n");
}

/** Turns the task-list comments into marks the list-item renderer finds in its item's text. */
function markTaskChecks(markdown: string): string {
  return outsideFences(markdown, (line) => line.replace(CHECKS_COMMENT, (_, ids: string) => `\u2063checks:${splitIds(ids).join(" ")}\u2063`));
}
const DETAILS_PART = /<details(?:\s+open)?\s*>|<\/details\s*>|<summary>[\s\S]*?<\/summary>/gi;

/**
 * Puts every `<details>`, `<summary>…</summary>` and `</details>` that starts a line on a line of
 * its own between blank lines, so what is inside a collapsible block is Markdown again (an HTML
 * block would otherwise swallow it up to the next blank line), and renders the summary's inline
 * Markdown. Fenced code is left alone.
 */
export function separateDetailsBlocks(markdown: string): string {
  let fence: string | null = null;
  const out: string[] = [];
  for (const line of markdown.split("\n")) {
    const fenceMatch = FENCE.exec(line);
    if (fence) {
      if (fenceMatch && fenceMatch[1]!.startsWith(fence)) fence = null;
      out.push(line);
      continue;
    }
    if (fenceMatch) {
      fence = fenceMatch[1]!;
      out.push(line);
      continue;
    }
    if (!/^\s*<\/?(details|summary)\b/i.test(line)) {
      out.push(line);
      continue;
    }
    let rest = line.trim();
    for (;;) {
      DETAILS_PART.lastIndex = 0;
      const match = DETAILS_PART.exec(rest);
      if (!match) break;
      const before = rest.slice(0, match.index).trim();
      if (before) out.push("", before);
      const tag = match[0];
      const summary = /^<summary>([\s\S]*)<\/summary>$/i.exec(tag);
      out.push("", summary ? `<summary>${marked.parseInline(summary[1]!.trim(), { async: false }) as string}</summary>` : tag, "");
      rest = rest.slice(match.index + tag.length).trim();
    }
    if (rest) out.push(rest);
  }
  return out.join("\n");
}

const marked = new Marked({
  gfm: true,
  renderer: {
    html(token: Tokens.HTML | Tokens.Tag): string {
      return sanitizeLessonHtml(token.text);
    },
    code(token: Tokens.Code): string {
      const lang = (token.lang ?? "").trim().split(/\s+/)[0]?.toLowerCase() ?? "";
      const run = RUNNABLE.has(lang) ? ' data-run="1"' : "";
      const cls = lang ? ` class="language-${escapeHtml(lang)}"` : "";
      return `<pre${run}><code${cls}>${escapeHtml(token.text)}</code></pre>\n`;
    },
    listitem(item: Tokens.ListItem): string | false {
      if (!CHECKS_MARK.test(item.raw)) return false; // marked's own rendering
      let ids = "";
      const body = this.parser.parse(item.tokens).replace(new RegExp(`\\s*${CHECKS_MARK.source}`), (_, found: string) => {
        ids = found;
        return "";
      });
      return `<li data-checks="${escapeHtml(ids.trim())}">${body}</li>\n`;
    },
    heading(token: Tokens.Heading): string {
      const text = this.parser.parseInline(token.tokens);
      const id = token.text.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
      return `<h${token.depth} id="${id}">${text}</h${token.depth}>\n`;
    },
  },
});

export function renderLessonMarkdown(markdown: string): string {
  return marked.parse(separateDetailsBlocks(markTaskChecks(markdown)), { async: false }) as string;
}
