/**
 * Lesson Markdown to HTML. Shell code blocks get data-run="1" so the page can offer "Run in
 * terminal"; every block keeps its language class for highlighting.
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
    heading(token: Tokens.Heading): string {
      const text = this.parser.parseInline(token.tokens);
      const id = token.text.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
      return `<h${token.depth} id="${id}">${text}</h${token.depth}>\n`;
    },
  },
});

export function renderLessonMarkdown(markdown: string): string {
  return marked.parse(separateDetailsBlocks(markdown), { async: false }) as string;
}
