/**
 * The French lessons' prose is written with the typographic apostrophe (l’image, aujourd’hui), as
 * the interface's French is; a straight one is left only where a student copies it (fenced code,
 * `inline code`, HTML comments and tags, a link's address) or in a command written inside a hint
 * ('admin'@'%', sed -i 's/…/'). An elision is a straight apostrophe after a letter, before a letter or markup.
 */

/** A straight apostrophe after a letter (in prose), before a letter or markup (in the source): the elision of French prose (l'image, qu'il, d'`ENV`, d'**un**). */
const isElision = (prose: string, original: string, index: number) => prose[index] === "'" && /\p{L}/u.test(prose[index - 1] ?? "") && /[\p{L}`*_]/u.test(original[index + 1] ?? "");

export interface StraightApostrophe {
  line: number;
  excerpt: string;
}

/** The markdown with what a student copies blanked (same length, lines kept in place): fences, code spans, HTML comments and tags, link addresses. */
export function proseOfMarkdown(markdown: string): string {
  const blank = (text: string) => text.replace(/[^\n]/g, " ");
  let inFence: string | null = null;
  const lines = markdown.split("\n").map((line) => {
    const fence = /^\s*(`{3,}|~{3,})/.exec(line)?.[1];
    if (inFence !== null) {
      if (fence && fence[0] === inFence[0] && fence.length >= inFence.length) inFence = null;
      return blank(line);
    }
    if (fence) {
      inFence = fence;
      return blank(line);
    }
    return line;
  });
  return lines
    .join("\n")
    .replace(/<!--[\s\S]*?-->/g, blank)
    .replace(/(`+)[\s\S]*?\1/g, blank)
    .replace(/<\/?[A-Za-z][^>]*>/g, blank)
    .replace(/\]\([^)]*\)/g, blank);
}

/** Each straight elision in `prose` (already stripped of code), with its line (1-based) and a little context. */
export function straightElisions(prose: string, original = prose): StraightApostrophe[] {
  const found: StraightApostrophe[] = [];
  for (let index = prose.indexOf("'"); index >= 0; index = prose.indexOf("'", index + 1)) {
    if (!isElision(prose, original, index)) continue;
    found.push({ line: prose.slice(0, index).split("\n").length, excerpt: original.slice(Math.max(0, index - 20), index + 20).replace(/\s+/g, " ") });
  }
  return found;
}

/** `text` with each straight elision of its prose made typographic; what a student copies is left as it is. */
export function withTypographicApostrophes(markdown: string): string {
  const prose = proseOfMarkdown(markdown);
  let out = "";
  for (let i = 0; i < markdown.length; i++) out += isElision(prose, markdown, i) ? "’" : markdown[i];
  return out;
}
