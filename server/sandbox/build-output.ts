/**
 * Reads the engine's JSON build stream. A failed build still answers HTTP 200: the failure is an
 * `error`/`errorDetail` line, so a build succeeded only if the stream says so.
 */
export interface BuildStreamState {
  ok: boolean;
  imageId?: string;
  error?: string;
  step?: { current: number; total: number };
}

export interface BuildLine {
  text: string;
  step?: { current: number; total: number };
}

export function readBuildEvent(state: BuildStreamState, event: unknown): BuildLine | null {
  if (!event || typeof event !== "object") return null;
  const e = event as {
    stream?: string;
    status?: string;
    progress?: string;
    id?: string;
    error?: string;
    errorDetail?: { message?: string };
    aux?: { ID?: string };
  };
  if (e.error || e.errorDetail) {
    state.ok = false;
    state.error = (e.errorDetail?.message ?? e.error ?? "build failed").trim();
    return { text: `ERROR: ${state.error}\n` };
  }
  if (e.aux?.ID) {
    state.imageId = e.aux.ID;
    if (state.error === undefined) state.ok = true;
    return null;
  }
  if (typeof e.stream === "string") {
    const stepMatch = /^Step (\d+)\/(\d+) :/m.exec(e.stream);
    if (stepMatch) state.step = { current: Number(stepMatch[1]), total: Number(stepMatch[2]) };
    const built = /Successfully built ([0-9a-f]{12,})/.exec(e.stream);
    if (built && state.error === undefined) {
      state.ok = true;
      state.imageId ??= built[1];
    }
    return { text: e.stream, step: stepMatch ? state.step : undefined };
  }
  if (typeof e.status === "string") {
    // Pull progress: one line per layer status change, without the progress bar noise.
    if (e.progress) return null;
    return { text: `${e.id ? `${e.id}: ` : ""}${e.status}\n` };
  }
  return null;
}
