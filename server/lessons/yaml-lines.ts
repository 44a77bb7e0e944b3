/** Where a field of a YAML file is, for error messages that name the line (the `yaml` package's node ranges). */
import { LineCounter, parseDocument, type Document } from "yaml";

export interface YamlLines {
  doc: Document;
  /** The 1-based line of the deepest node that exists along `at` (the field itself, or the object it is missing from). */
  lineOf(at: readonly (string | number)[]): number | undefined;
  /** The 1-based line of a character offset. */
  lineAt(offset: number): number;
}

export function yamlLines(source: string): YamlLines {
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter, prettyErrors: false });
  const lineAt = (offset: number) => lineCounter.linePos(offset).line;
  return {
    doc,
    lineAt,
    lineOf(at) {
      for (let depth = at.length; depth >= 0; depth--) {
        const node = depth === 0 ? doc.contents : doc.getIn(at.slice(0, depth), true);
        const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
        if (range) return lineAt(range[0]);
      }
      return undefined;
    },
  };
}
