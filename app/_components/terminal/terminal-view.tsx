"use client";
/**
 * xterm.js bound to the workbench socket. Keeps the sequence number of the last output written
 * and sends it in `terminal.attach` on every (re)connection, so nothing is written twice;
 * `terminal.reset` clears the screen and starts counting again. Fits its pane through a
 * ResizeObserver and reports the size with `terminal.resize`. Loaded with ssr: false only.
 * Step 9: `target` picks the shell (a node of the student's cluster, or their own engine);
 * switching clears the screen and attaches to that shell from its start (its recent output is
 * replayed), and messages about another shell are ignored.
 * On mount it adopts the terminal the page's boot script opened before React started
 * (./terminal-boot.ts: same xterm, same screen, going on after what it drew), or else opens its
 * own; then it draws what the pane's backlog holds (what the server sent before xterm had loaded:
 * usually the prompt, on the page's early socket), then attaches from there.
 */
import "@xterm/xterm/css/xterm.css";
import { useEffect, useRef, useState, type RefObject } from "react";
import { Terminal } from "@xterm/xterm";
import { FitAddon } from "@xterm/addon-fit";
import type { WorkbenchSocket } from "../socket/workbench-socket";
import { chunkInput } from "./terminal-input";
import { isForTarget, type TerminalTarget } from "./terminal-target";
import type { Theme } from "../settings/preferences";
import { TERMINAL_THEMES } from "./terminal-themes";
import type { TerminalBacklog, TerminalMessage } from "./terminal-backlog";
import type { TerminalFirstDraw } from "./terminal-first-draw";
import { useI18n } from "../i18n";
import { markPage, PAGE_MARKS } from "../page-marks";
import { takeBootTerminal, TERMINAL_SLOT_ATTRIBUTE } from "./terminal-boot";
import { TerminalHandoverSkip } from "./terminal-handover";
import { terminalOptions } from "./terminal-options";

export type TerminalController = {
  focus(): void;
  clear(): void;
};

type TerminalViewProps = {
  socket: WorkbenchSocket;
  /** Filled while mounted, so the page can focus or clear the terminal. */
  controllerRef?: RefObject<TerminalController | null>;
  /** The shell shown: a cluster node, or undefined for the student's own engine. */
  target?: TerminalTarget;
  theme?: Theme;
  /** Text size in pixels. */
  fontSize?: number;
  /** What the server sent before this view mounted, taken on mount. */
  backlog?: TerminalBacklog;
  /** Told when the first output is handed to xterm, and when it has been painted (the frame after xterm parsed it). */
  firstDraw?: Pick<TerminalFirstDraw, "markPending" | "markDrawn">;
};

/** Constant, so React never rewrites the slot's content (the terminal's DOM) on a later render. */
const EMPTY_SLOT = { __html: "" };

const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, Math.floor(value)));

/** Keys the page handles itself (save, check): the shell must not receive them. */
/** How soon after Escape a Tab leaves the terminal instead of completing a command. */
const ESCAPE_TAB_MS = 1000;

function isPageShortcut(event: KeyboardEvent): boolean {
  const mod = event.ctrlKey || event.metaKey;
  return mod && !event.altKey && (event.key === "Enter" || event.key.toLowerCase() === "s");
}

export default function TerminalView({ socket, controllerRef, target, theme = "dark", fontSize = 13, backlog, firstDraw }: TerminalViewProps) {
  const { t } = useI18n();
  const hostRef = useRef<HTMLDivElement>(null);
  const termRef = useRef<Terminal | null>(null);
  // Rendered on the server too (so the page preloads xterm's code and CSS): "loading" until xterm is open.
  const [opened, setOpened] = useState(false);
  const firstDrawRef = useRef(firstDraw);
  firstDrawRef.current = firstDraw;
  const looks = useRef({ theme, fontSize });
  looks.current = { theme, fontSize };

  // A theme or text size chosen in the settings applies to the running terminal.
  useEffect(() => {
    const term = termRef.current;
    if (!term) return;
    term.options.theme = TERMINAL_THEMES[theme];
    term.options.fontSize = fontSize;
  }, [theme, fontSize]);
  const targetRef = useRef<TerminalTarget>(target);
  const switchRef = useRef<((next: TerminalTarget) => void) | null>(null);

  useEffect(() => {
    if (targetRef.current === target) return;
    targetRef.current = target;
    switchRef.current?.(target);
  }, [target]);

  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    // The boot terminal, drawn before React started, when the page has one in this slot: adopted as it is.
    const boot = takeBootTerminal(host);
    const handover = boot?.stop() ?? { drawn: 0, lastSeq: 0 };
    const alreadyDrawn = new TerminalHandoverSkip(handover.drawn);
    const term = boot?.terminal ?? new Terminal(terminalOptions(looks.current.theme, looks.current.fontSize));
    termRef.current = term;
    const fit = boot?.fit ?? new FitAddon();
    // Adopted with the theme and text size the boot read from the page (the same the settings give);
    // not set again here: during hydration a "system" theme reads as light for one render, which would flash.
    if (boot) markPage(PAGE_MARKS.terminalAdopted);
    else {
      term.loadAddon(fit);
      term.open(host);
    }
    markPage(PAGE_MARKS.terminalOpen);
    setOpened(true);
    // Escape then Tab (within a second) leaves the terminal, as the page says: keyboard users are never trapped in it.
    let escapedAt = 0;
    term.attachCustomKeyEventHandler((event) => {
      if (isPageShortcut(event)) return false;
      if (event.type !== "keydown") return true;
      if (event.key === "Escape") escapedAt = Date.now();
      else if (event.key === "Tab" && Date.now() - escapedAt < ESCAPE_TAB_MS)
        return false; // the browser moves the focus on
      else if (event.key !== "Shift") escapedAt = 0;
      return true;
    });

    let lastSeq = handover.lastSeq;
    // The first output on screen: parsed, then painted at the next frame.
    let drawnMarked = false;
    const markDrawn = () => {
      drawnMarked = true;
      requestAnimationFrame(() => {
        markPage(PAGE_MARKS.terminalDrawn);
        firstDrawRef.current?.markDrawn();
      });
    };
    // The boot terminal wrote output already (its paint is at the latest the next frame's).
    if (lastSeq > 0) {
      firstDrawRef.current?.markPending();
      markDrawn();
    }
    let sentSize = { cols: 0, rows: 0 };
    // After a reset the server may have opened a new shell at a default size: send ours again
    // with the first output of that shell.
    let resendSize = false;

    const fitToPane = () => {
      if (!host.isConnected || host.clientWidth === 0 || host.clientHeight === 0) return;
      try {
        const proposed = fit.proposeDimensions();
        if (!proposed || !Number.isFinite(proposed.cols) || !Number.isFinite(proposed.rows)) return;
        if (proposed.cols < 2 || proposed.rows < 2) return;
        fit.fit();
      } catch {
        // the renderer is not measurable yet (hidden pane); the next resize will fit
      }
    };
    const size = () => ({ cols: clamp(term.cols, 2, 1000), rows: clamp(term.rows, 2, 500) });

    const attach = () => {
      fitToPane();
      const { cols, rows } = size();
      const node = targetRef.current;
      if (socket.send({ type: "terminal.attach", cols, rows, lastSeq, ...(node ? { node } : {}) })) sentSize = { cols, rows };
    };
    // Another shell: a clean screen, then that shell's recent output from the server.
    switchRef.current = () => {
      term.reset();
      lastSeq = 0;
      attach();
    };
    const reportSize = () => {
      const { cols, rows } = size();
      if (cols === sentSize.cols && rows === sentSize.rows) return;
      if (socket.send({ type: "terminal.resize", cols, rows })) sentSize = { cols, rows };
    };

    const disposables = [
      term.onData((data) => {
        for (const chunk of chunkInput(data)) socket.send({ type: "terminal.input", data: chunk });
      }),
      term.onResize(reportSize),
    ];
    const handle = (message: TerminalMessage) => {
      if (alreadyDrawn.alreadyDrawn(message)) return;
      if (!isForTarget(message, targetRef.current)) return;
      switch (message.type) {
        case "terminal.output":
          if (message.seq <= lastSeq) return; // already written before a reconnect
          lastSeq = message.seq;
          if (!drawnMarked) firstDrawRef.current?.markPending();
          term.write(message.data, drawnMarked ? undefined : markDrawn);
          if (resendSize) {
            resendSize = false;
            sentSize = { cols: 0, rows: 0 };
            reportSize();
          }
          return;
        case "terminal.reset":
          term.reset();
          lastSeq = 0;
          resendSize = true;
          return;
        case "terminal.exit":
          term.write(`\r\n\x1b[2m[${message.message.replace(/[\x00-\x1f]/g, " ")}]\x1b[0m\r\n`);
          return;
      }
    };
    // What came before xterm was here, at the pane's size; the attach below sends that size and asks only for what is newer.
    fitToPane();
    for (const message of backlog?.take() ?? []) handle(message);
    resendSize = false;
    const stopMessages = socket.onMessage((message) => {
      if (message.type === "terminal.output" || message.type === "terminal.reset" || message.type === "terminal.exit") handle(message);
    });
    const stopOpen = socket.onOpen(attach);
    if (socket.isOpen()) attach();

    let frame = 0;
    const observer = new ResizeObserver(() => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(fitToPane);
    });
    observer.observe(host);
    fitToPane();

    if (controllerRef) {
      controllerRef.current = { focus: () => term.focus(), clear: () => term.clear() };
    }

    return () => {
      if (controllerRef) controllerRef.current = null;
      switchRef.current = null;
      observer.disconnect();
      cancelAnimationFrame(frame);
      stopMessages();
      stopOpen();
      for (const disposable of disposables) disposable.dispose();
      termRef.current = null;
      term.dispose(); // disposes the fit addon too
    };
  }, [socket, controllerRef, backlog]);

  return (
    <>
      {!opened && (
        <div className="pane-placeholder pane-placeholder-dark" style={{ position: "absolute", inset: 0 }}>
          {t("terminal.loading")}
        </div>
      )}
      {/* An island React does not hydrate inside: the page's boot script may have opened xterm in it already. */}
      <div ref={hostRef} className="terminal-host" {...{ [TERMINAL_SLOT_ATTRIBUTE]: "" }} dangerouslySetInnerHTML={EMPTY_SLOT} />
    </>
  );
}
