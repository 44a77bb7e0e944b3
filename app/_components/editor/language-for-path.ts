/** Monaco language id for a workspace file, by its name. */
export function languageForPath(path: string): string {
  const name = path.slice(path.lastIndexOf("/") + 1);
  const lower = name.toLowerCase();
  if (lower === "dockerfile" || lower === "containerfile" || lower.startsWith("dockerfile.") || lower.endsWith(".dockerfile")) {
    return "dockerfile";
  }
  const extension = lower.includes(".") ? lower.slice(lower.lastIndexOf(".") + 1) : "";
  switch (extension) {
    case "yml":
    case "yaml":
      return "yaml";
    case "sh":
    case "bash":
      return "shell";
    case "md":
    case "markdown":
      return "markdown";
    case "ini":
    case "cnf":
    case "conf":
    case "env":
      return "ini";
    case "php":
      return "php";
    case "sql":
      return "mysql";
    default:
      return "plaintext";
  }
}
