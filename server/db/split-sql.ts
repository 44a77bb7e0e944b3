/**
 * Splits a migration script into single statements (drivers run one statement per call). Knows
 * quotes ('…', "…"), PostgreSQL dollar quotes ($$…$$, $tag$…$tag$) and comments (--, /* *\/), so
 * semicolons inside them do not split. Statements without SQL (only comments) are dropped.
 */
export function splitSqlStatements(script: string): string[] {
  const statements: string[] = [];
  let current = "";
  let hasCode = false;
  let i = 0;
  const flush = () => {
    if (hasCode) statements.push(current.trim());
    current = "";
    hasCode = false;
  };
  while (i < script.length) {
    const ch = script[i]!;
    const rest = script.slice(i);
    let token: string;
    if (rest.startsWith("--")) {
      const end = script.indexOf("\n", i);
      token = end === -1 ? rest : script.slice(i, end + 1);
    } else if (rest.startsWith("/*")) {
      const end = script.indexOf("*/", i + 2);
      token = end === -1 ? rest : script.slice(i, end + 2);
    } else if (ch === "'" || ch === '"' || ch === "`") {
      let end = i + 1;
      for (;;) {
        end = script.indexOf(ch, end);
        if (end === -1) {
          end = script.length;
          break;
        }
        if (script[end + 1] === ch)
          end += 2; // doubled quote inside the literal
        else break;
      }
      token = script.slice(i, end + 1);
      hasCode = true;
    } else if (ch === "$" && /^\$[A-Za-z_]?[A-Za-z0-9_]*\$/.test(rest)) {
      const tag = /^\$[A-Za-z_]?[A-Za-z0-9_]*\$/.exec(rest)![0];
      const end = script.indexOf(tag, i + tag.length);
      token = end === -1 ? rest : script.slice(i, end + tag.length);
      hasCode = true;
    } else if (ch === ";") {
      flush();
      i++;
      continue;
    } else {
      token = ch;
      if (!/\s/.test(ch)) hasCode = true;
    }
    current += token;
    i += token.length;
  }
  flush();
  return statements;
}
