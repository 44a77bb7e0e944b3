/**
 * Lesson Markdown to HTML. Shell code blocks get data-run="1" so the page can offer "Run in
 * terminal"; every block keeps its language class for highlighting.
 */
import { Marked, type Tokens } from "marked";

const RUNNABLE = new Set(["bash", "sh", "shell", "console"]);

const escapeHtml = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** Raw HTML in lessons: a few harmless tags without attributes pass, anything else is shown as text. */
const ALLOWED_TAG = /^<\/?(details|summary|kbd|br|em|strong|code|sub|sup|p|ul|ol|li)\s*\/?>$/i;

export function sanitizeLessonHtml(html: string): string {
  return html.replace(/<[^>]*>?/g, (tag) => (ALLOWED_TAG.test(tag) ? tag : escapeHtml(tag)));
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
  return marked.parse(markdown, { async: false }) as string;
}
