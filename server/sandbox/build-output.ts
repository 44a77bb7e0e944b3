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

/**
 * The terminal's colour and cursor codes a RUN's programs print (apt writes its "E:" lines in red):
 * CSI sequences (ESC [ … letter) and OSC ones (ESC ] … BEL or ESC \\). The log and the failure
 * message are read in a page, where they showed as stray "[0m[91m".
 */
const TERMINAL_CODES = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)/g;

export const withoutTerminalCodes = (text: string): string => text.replace(TERMINAL_CODES, "");

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
    state.error = withoutTerminalCodes(e.errorDetail?.message ?? e.error ?? "build failed").trim();
    return { text: `ERROR: ${state.error}\n` };
  }
  if (e.aux?.ID) {
    state.imageId = e.aux.ID;
    if (state.error === undefined) state.ok = true;
    return null;
  }
  if (typeof e.stream === "string") {
    const stream = withoutTerminalCodes(e.stream);
    const stepMatch = /^Step (\d+)\/(\d+) :/m.exec(stream);
    if (stepMatch) state.step = { current: Number(stepMatch[1]), total: Number(stepMatch[2]) };
    const built = /Successfully built ([0-9a-f]{12,})/.exec(stream);
    if (built && state.error === undefined) {
      state.ok = true;
      state.imageId ??= built[1];
    }
    return { text: stream, step: stepMatch ? state.step : undefined };
  }
  if (typeof e.status === "string") {
    // Pull progress: one line per layer status change, without the progress bar noise.
    if (e.progress) return null;
    return { text: `${e.id ? `${e.id}: ` : ""}${e.status}\n` };
  }
  return null;
}
