/**
 * Plurals in a message, in ICU MessageFormat's shape: `{count, plural, one {# attempt} other {# attempts}}`.
 * The branch is chosen by the language's rules (Intl.PluralRules: English "one" is 1 only, French
 * "one" is 0 and 1), an exact `=N {…}` branch first; `#` in it is the number written the
 * language's way. Branches may hold ordinary `{name}` placeholders, filled afterwards by the caller.
 * A branch the language needs but the message lacks falls back to `other`. No node:* imports.
 */
import type { Locale } from "./locale";

export type PluralValues = Readonly<Record<string, string | number>>;

const PLURAL_START = /\{(\w+),\s*plural,/g;

/** The index just past the `}` that closes the `{` at `open` (nested braces counted), or -1. */
function closingOf(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === "{") depth++;
    else if (text[i] === "}" && --depth === 0) return i + 1;
  }
  return -1;
}

/** The branches of a plural block's body (`one {…} other {…}`), by selector; null when it does not parse. */
export function pluralBranches(body: string): Map<string, string> | null {
  const branches = new Map<string, string>();
  let rest = body.trim();
  while (rest) {
    const selector = /^(=\d+|zero|one|two|few|many|other)\s*(?=\{)/.exec(rest);
    if (!selector) return null;
    const open = selector[0].length;
    const close = closingOf(rest, open);
    if (close < 0) return null;
    branches.set(selector[1]!, rest.slice(open + 1, close - 1));
    rest = rest.slice(close).trim();
  }
  return branches.has("other") ? branches : null;
}

export interface PluralBlock {
  name: string;
  start: number;
  end: number;
  /** Null when the block does not parse (a stray word, no `other` branch). */
  branches: Map<string, string> | null;
}

/** The plural blocks of `template`, each with the name of the number it depends on. */
export function pluralBlocksOf(template: string): PluralBlock[] {
  const blocks: PluralBlock[] = [];
  for (const match of template.matchAll(PLURAL_START)) {
    const end = closingOf(template, match.index);
    if (end < 0) break;
    blocks.push({ name: match[1]!, start: match.index, end, branches: pluralBranches(template.slice(match.index + match[0].length, end - 1)) });
  }
  // A block inside another block's branch is chosen when its parent is: only the outer ones here.
  return blocks.filter((block, i) => !blocks.some((outer, j) => j < i && outer.start < block.start && block.end <= outer.end));
}

/**
 * `template` with each plural block replaced by its branch for the value of its number. A block
 * whose value is missing or not a number is left as it is (visible, as a missing `{name}` is).
 */
export function choosePlurals(template: string, locale: Locale, values: PluralValues): string {
  const blocks = pluralBlocksOf(template);
  if (blocks.length === 0) return template;
  const rules = new Intl.PluralRules(locale);
  const format = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  let text = "";
  let from = 0;
  for (const { name, start, end, branches } of blocks) {
    const raw = Object.hasOwn(values, name) ? values[name] : undefined;
    const value = typeof raw === "number" ? raw : typeof raw === "string" && raw.trim() !== "" ? Number(raw) : NaN;
    text += template.slice(from, start);
    if (!branches || !Number.isFinite(value)) {
      text += template.slice(start, end);
    } else {
      const branch = branches.get(`=${value}`) ?? branches.get(rules.select(value)) ?? branches.get("other")!;
      text += choosePlurals(branch, locale, values).replace(/#/g, format.format(value));
    }
    from = end;
  }
  return text + template.slice(from);
}
