/**
 * The terminal, drawn before React starts. The step page's inline module script
 * (./terminal-boot-script.ts) imports xterm's own ES module (served by app/terminal-boot/) and runs
 * `bootTerminal`: it opens an xterm in the page's terminal slot (rendered empty on the server),
 * draws the frames the page's early socket (../socket/early-socket.ts) has kept and those that
 * follow, and sends what the student types on that socket. When React hydrates, the terminal view
 * adopts that xterm instead of opening a second one (`takeBootTerminal`, then `stop()`): the boot
 * stops drawing and says how many of the socket's terminal messages it drew, which the view skips
 * when the workbench's socket hands it the same frames again (./terminal-handover.ts).
 *
 * `bootTerminal` is turned into text for the inline script (Function.prototype.toString), so it
 * must stay self-contained: it uses only its parameters and the browser's globals, and imports
 * nothing. Any failure leaves the slot empty and nothing on `window`: the view opens its own.
 */
import type { Terminal, ITerminalOptions, ITheme } from "@xterm/xterm";
import type { FitAddon } from "@xterm/addon-fit";

/** Where the boot script leaves its terminal for the view: a property of `window`. */
export const BOOT_TERMINAL_KEY = "__workbenchBootTerminal";

/** The element the server renders for the terminal (empty; React does not look inside it). */
export const TERMINAL_SLOT_ATTRIBUTE = "data-terminal-slot";

/** Where the boot stopped: the view goes on from there. */
export interface TerminalHandover {
  /** Terminal messages of the student's own shell (output, reset, exit) the boot drew, from the socket's first frame; 0 when that socket is not the one the workbench takes over. */
  drawn: number;
  /** The last output's sequence number written. */
  lastSeq: number;
}

/** What the boot script leaves on `window` for the view. */
export interface BootTerminal {
  terminal: Terminal;
  fit: FitAddon;
  /** Stops drawing and sending, once; says where it stopped. */
  stop(): TerminalHandover;
}

/** Everything the boot needs, as JSON in the inline script. */
export interface BootConfig {
  earlySocketKey: string;
  bootKey: string;
  slotSelector: string;
  options: ITerminalOptions;
  themes: Record<"light" | "dark", ITheme>;
  /** The text size's pixels for each `data-font-size` of <html>. */
  fontPx: Record<string, number>;
  defaultFontPx: number;
  maxInput: number;
  marks: { open: string; drawn: string };
}

type TerminalConstructor = new (options: ITerminalOptions) => Terminal;
type FitConstructor = new () => FitAddon;
type EarlySocketLike = { ws: WebSocket; frames: string[]; overflowed: boolean };

/** Opens the boot terminal if the page has an early socket and an empty slot; otherwise does nothing. Never throws. */
export function bootTerminal(win: Window, TerminalClass: TerminalConstructor, FitClass: FitConstructor, config: BootConfig): void {
  const holder = win as unknown as Record<string, unknown>;
  const early = holder[config.earlySocketKey] as EarlySocketLike | undefined;
  const doc = win.document;
  const slot = doc.querySelector(config.slotSelector);
  if (!early || !early.ws || early.overflowed || !slot || slot.childNodes.length > 0 || holder[config.bootKey]) return;
  const ws = early.ws;
  let term: Terminal | null = null;
  let stopped = false;
  let drawn = 0;
  let lastSeq = 0;
  let painted = false;
  const mark = (name: string) => {
    try {
      if (win.performance.getEntriesByName(name, "mark").length === 0) win.performance.mark(name);
    } catch {
      // no User Timing: nothing to mark
    }
  };
  const onPainted = () => {
    if (painted) return;
    painted = true;
    win.requestAnimationFrame(() => mark(config.marks.drawn));
  };
  const apply = (frame: unknown) => {
    if (stopped || typeof frame !== "string" || !term) return;
    let message: { type?: unknown; node?: unknown; data?: unknown; seq?: unknown; message?: unknown };
    try {
      message = JSON.parse(frame);
    } catch {
      return;
    }
    if (!message || message.node !== undefined) return; // a node of a step-9 cluster: not this shell
    if (message.type === "terminal.output" && typeof message.data === "string" && typeof message.seq === "number") {
      drawn += 1;
      lastSeq = message.seq;
      term.write(message.data, onPainted);
    } else if (message.type === "terminal.reset") {
      drawn += 1;
      lastSeq = 0;
      term.reset();
    } else if (message.type === "terminal.exit") {
      drawn += 1;
      term.write("\r\n\x1b[2m[" + String(message.message).replace(/[\x00-\x1f]/g, " ") + "]\x1b[0m\r\n");
    }
  };
  const onMessage = (event: MessageEvent) => apply(event.data);
  const send = (message: object) => {
    if (ws.readyState === 1) ws.send(JSON.stringify(message));
  };
  const sendSize = () => {
    if (term && (term.cols !== 80 || term.rows !== 24)) send({ type: "terminal.resize", cols: term.cols, rows: term.rows });
  };
  const disposables: { dispose(): void }[] = [];
  const stop = (): TerminalHandover => {
    if (!stopped) {
      stopped = true;
      ws.removeEventListener("message", onMessage);
      ws.removeEventListener("open", sendSize);
      for (const disposable of disposables) disposable.dispose();
      if (holder[config.bootKey] === boot) delete holder[config.bootKey];
    }
    // The workbench replays this socket's frames from its first only when it takes it over (open or opening, every frame kept).
    const replayed = !early.overflowed && (ws.readyState === 0 || ws.readyState === 1);
    return { drawn: replayed ? drawn : 0, lastSeq };
  };
  let boot: BootTerminal | null = null;
  try {
    const root = doc.documentElement;
    const chosen = root.getAttribute("data-theme");
    const prefersDark = typeof win.matchMedia === "function" && win.matchMedia("(prefers-color-scheme: dark)").matches;
    const theme = chosen === "light" || chosen === "dark" ? chosen : prefersDark ? "dark" : "light";
    const fontPx = config.fontPx[root.getAttribute("data-font-size") ?? ""] ?? config.defaultFontPx;
    term = new TerminalClass({ ...config.options, fontSize: fontPx, theme: config.themes[theme] });
    const fit = new FitClass();
    term.loadAddon(fit);
    term.open(slot as HTMLElement);
    try {
      fit.fit();
    } catch {
      // not measurable yet: the view fits it when it adopts it
    }
    mark(config.marks.open);
    // The page's own keys (save, Check) never reach the shell, as in the view.
    term.attachCustomKeyEventHandler((event) => !((event.ctrlKey || event.metaKey) && !event.altKey && (event.key === "Enter" || event.key.toLowerCase() === "s")));
    disposables.push(
      term.onData((data) => {
        for (let start = 0; start < data.length; start += config.maxInput) send({ type: "terminal.input", data: data.slice(start, start + config.maxInput) });
      }),
    );
    for (const frame of early.frames) apply(frame);
    ws.addEventListener("message", onMessage);
    if (ws.readyState === 1) sendSize();
    else ws.addEventListener("open", sendSize);
    boot = { terminal: term, fit, stop };
    holder[config.bootKey] = boot;
  } catch {
    stopped = true;
    ws.removeEventListener("message", onMessage);
    ws.removeEventListener("open", sendSize);
    try {
      term?.dispose();
    } catch {
      // already half gone
    }
    slot.textContent = "";
    delete holder[config.bootKey];
  }
}

/** The boot terminal, once, if it was opened in `host`; one opened elsewhere is stopped and disposed. */
export function takeBootTerminal(host: HTMLElement, holder: Record<string, unknown> = window as unknown as Record<string, unknown>): BootTerminal | null {
  const boot = holder[BOOT_TERMINAL_KEY] as BootTerminal | undefined;
  delete holder[BOOT_TERMINAL_KEY];
  if (!boot || typeof boot.stop !== "function" || !boot.terminal) return null;
  const element = boot.terminal.element;
  if (element && host.contains(element)) return boot;
  boot.stop();
  boot.terminal.dispose();
  return null;
}
