/** A Docker API error in a sentence: the daemon's own message, or that the Docker service is not running. */
export function describeDockerError(error: unknown): string {
  const e = error as { json?: { message?: string }; message?: string; code?: string };
  if (e?.code === "ENOENT" || e?.code === "ECONNREFUSED") return "the Docker service is not running";
  return e?.json?.message ?? e?.message ?? String(error);
}
