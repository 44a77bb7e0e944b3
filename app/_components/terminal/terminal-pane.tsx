"use client";
/**
 * The terminal region: a toolbar, banners for the Docker engine's state, the shell's exit and a
 * lost connection, and the xterm view (client-only).
 */
import dynamic from "next/dynamic";
import { useState, type RefObject } from "react";
import type { EngineState } from "@/lib/protocol/messages";
import type { WorkbenchSocket, ConnectionState } from "../socket/workbench-socket";
import { useSocketMessages } from "../socket/use-workbench-socket";
import type { TerminalController } from "./terminal-view";

const TerminalView = dynamic(() => import("./terminal-view"), {
  ssr: false,
  loading: () => <div className="pane-placeholder pane-placeholder-dark">Loading the terminal…</div>,
});

export type EngineStatus = { state: EngineState; message: string };

type TerminalPaneProps = {
  socket: WorkbenchSocket;
  connection: ConnectionState;
  engine: EngineStatus | null;
  controllerRef: RefObject<TerminalController | null>;
};

const ENGINE_BANNER: Record<EngineState, { tone: "info" | "ok" | "warn" | "error"; title: string } | null> = {
  starting: { tone: "info", title: "Starting your Docker engine…" },
  ready: null,
  stopped: { tone: "warn", title: "Your Docker engine is stopped." },
  error: { tone: "error", title: "Your Docker engine has a problem." },
};

export function TerminalPane({ socket, connection, engine, controllerRef }: TerminalPaneProps) {
  const [exitMessage, setExitMessage] = useState<string | null>(null);

  useSocketMessages(socket, (message) => {
    if (message.type === "terminal.exit") setExitMessage(message.message);
    else if (message.type === "terminal.reset" || message.type === "terminal.output") setExitMessage(null);
  });

  const restart = () => {
    if (socket.send({ type: "terminal.restart" })) {
      setExitMessage(null);
      controllerRef.current?.focus();
    }
  };
  const connected = connection.status === "open";
  const banner = engine ? ENGINE_BANNER[engine.state] : null;

  return (
    <section className="pane terminal-pane" aria-label="Terminal">
      <header className="pane-toolbar pane-toolbar-dark">
        <h2 className="pane-title">Terminal</h2>
        <span className={`engine-chip engine-${engine?.state ?? "unknown"}`} role="status" aria-live="polite">
          <span aria-hidden="true" className="dot" />
          {engine ? `Engine ${engine.state}` : connected ? "Engine: waiting for status" : "Engine: unknown"}
        </span>
        <span className="toolbar-spacer" />
        <button type="button" className="btn btn-ghost-dark btn-small" onClick={() => controllerRef.current?.clear()}>
          Clear
        </button>
        <button
          type="button"
          className="btn btn-ghost-dark btn-small"
          onClick={restart}
          disabled={!connected}
          title="Start a new shell session"
        >
          Restart shell
        </button>
      </header>

      {banner && engine && (
        <div className={`banner banner-${banner.tone}`} role={banner.tone === "error" ? "alert" : "status"}>
          {engine.state === "starting" && <span className="spinner" aria-hidden="true" />}
          <strong>{banner.title}</strong> {engine.message}
        </div>
      )}
      {exitMessage !== null && (
        <div className="banner banner-warn" role="status">
          <strong>The shell ended.</strong> {exitMessage}
          {connected && (
            <button type="button" className="btn btn-small" onClick={restart}>
              Start a new shell
            </button>
          )}
        </div>
      )}
      {!connected && connection.wasOpen && (
        <div className="banner banner-error" role="status">
          <strong>Disconnected.</strong> What you type is not sent until the connection is back.
        </div>
      )}

      <div className="terminal-body" data-testid="terminal">
        <TerminalView socket={socket} controllerRef={controllerRef} />
      </div>
    </section>
  );
}
