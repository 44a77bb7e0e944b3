"use client";
/**
 * The terminal region: a toolbar, banners for the Docker engine's state, the shell's exit and a
 * lost connection, and the xterm view (client-only). On a lesson with a cluster (step 9), tabs
 * switch the shell between node1 (the manager), node2, node3 and the student's own engine.
 */
import { useEffect, useRef, useState, type KeyboardEvent, type RefObject } from "react";
import type { EngineState } from "@/lib/protocol/messages";
import type { WorkbenchSocket, ConnectionState } from "../socket/workbench-socket";
import { useSocketMessages } from "../socket/use-workbench-socket";
import TerminalView, { type TerminalController } from "./terminal-view";
import { useI18n } from "../i18n";
import { richText } from "../i18n-rich";
import { usePreferences } from "../settings/preferences-provider";
import { CODE_FONT_PX } from "../settings/preferences";
import { CLUSTER_TABS, isForTarget, tabAfterKey, type TerminalTarget } from "./terminal-target";
import { engineBanner, engineChip, type EngineStatus } from "./engine-banner";
import { EngineBannerView } from "./engine-banner-view";
import { TerminalBacklog } from "./terminal-backlog";
import type { TerminalFirstDraw } from "./terminal-first-draw";

// Imported, not loaded lazily: a lazy view hydrates in a pass of its own after the page's, where
// Monaco's loading and the lesson's requests could come first. This way xterm opens in the page's
// first commit and draws what the early socket kept; its code is in the page's scripts either way.
export type { EngineStatus };

type TerminalPaneProps = {
  socket: WorkbenchSocket;
  connection: ConnectionState;
  engine: EngineStatus | null;
  controllerRef: RefObject<TerminalController | null>;
  /** The lesson runs on a three-node cluster: show the node tabs (node1 first). */
  cluster?: boolean;
  /** Told when the terminal's first output is being drawn, and once it is painted. */
  firstDraw?: Pick<TerminalFirstDraw, "markPending" | "markDrawn">;
};

type ClusterStatus = { state: EngineState; message: string; nodes?: { name: string; ip: string }[]; ipvs?: boolean };

export function TerminalPane({ socket, connection, engine, controllerRef, cluster = false, firstDraw }: TerminalPaneProps) {
  const { t } = useI18n();
  const { theme, preferences } = usePreferences();
  const [exitMessage, setExitMessage] = useState<string | null>(null);
  const [target, setTarget] = useState<TerminalTarget>(cluster ? "node1" : undefined);
  const [clusterStatus, setClusterStatus] = useState<ClusterStatus | null>(null);
  const tabRefs = useRef<(HTMLButtonElement | null)[]>([]);
  const targetRef = useRef(target);
  targetRef.current = target;
  // The shell's first output (its prompt) often comes before xterm has loaded: kept for the view.
  const [backlog] = useState(() => new TerminalBacklog());
  useEffect(() => backlog.listenTo(socket), [backlog, socket]);

  // The lesson is known after the first render: follow it.
  useEffect(() => setTarget(cluster ? "node1" : undefined), [cluster]);

  useSocketMessages(socket, (message) => {
    if (message.type === "cluster.status") {
      setClusterStatus({ state: message.state, message: message.message, nodes: message.nodes, ipvs: message.ipvs });
      return;
    }
    if (!isForTarget(message, targetRef.current)) return;
    if (message.type === "terminal.exit") setExitMessage(message.message);
    else if (message.type === "terminal.reset" || message.type === "terminal.output") setExitMessage(null);
  });

  const choose = (next: TerminalTarget) => {
    setExitMessage(null);
    setTarget(next);
  };
  const onTabKey = (event: KeyboardEvent<HTMLButtonElement>, index: number) => {
    const next = tabAfterKey(event.key, index, CLUSTER_TABS.length);
    if (next === null) return;
    event.preventDefault();
    choose(CLUSTER_TABS[next]!.target);
    tabRefs.current[next]?.focus();
  };
  const onNode = target !== undefined;
  const clusterBanner =
    onNode && clusterStatus && clusterStatus.state !== "ready"
      ? { tone: clusterStatus.state === "error" ? "error" : clusterStatus.state === "stopped" ? "warn" : "info", status: clusterStatus }
      : null;

  const restart = () => {
    if (socket.send({ type: "terminal.restart" })) {
      setExitMessage(null);
      controllerRef.current?.focus();
    }
  };
  const connected = connection.status === "open";
  const banner = engineBanner(engine);
  const chip = onNode ? null : engineChip(engine, connected);

  return (
    <section className="pane terminal-pane" aria-label={t("pane.terminal")}>
      <header className="pane-toolbar pane-toolbar-dark">
        <h2 className="pane-title">{t("pane.terminal")}</h2>
        {onNode ? (
          <span className={`engine-chip engine-${clusterStatus?.state ?? "unknown"}`} role="status" aria-live="polite">
            <span aria-hidden="true" className="dot" />
            {t(clusterStatus ? `cluster.chip.${clusterStatus.state}` : connected ? "cluster.chip.waiting" : "cluster.chip.unknown")}
          </span>
        ) : (
          <span className={`engine-chip engine-${engine?.state ?? "unknown"}`} role="status" aria-live="polite">
            <span aria-hidden="true" className="dot" />
            {chip && t(chip.key, chip.values)}
          </span>
        )}
        <span className="toolbar-spacer" />
        <kbd className="key-hint" title={t("terminal.leaveTitle")}>
          {t("terminal.leaveHint")}
        </kbd>
        <button type="button" className="btn btn-ghost-dark btn-small" onClick={() => controllerRef.current?.clear()}>
          {t("terminal.clear")}
        </button>
        <button type="button" className="btn btn-ghost-dark btn-small" onClick={restart} disabled={!connected} title={t("terminal.restartTitle")}>
          {t("terminal.restart")}
        </button>
      </header>

      {cluster && (
        <div className="terminal-tabs" role="tablist" aria-label={t("terminal.machines")}>
          {CLUSTER_TABS.map((tab, index) => {
            const selected = tab.target === target;
            const ip = clusterStatus?.nodes?.find((n) => n.name === tab.target)?.ip;
            return (
              <button
                key={tab.label}
                ref={(element) => {
                  tabRefs.current[index] = element;
                }}
                type="button"
                role="tab"
                id={`terminal-tab-${tab.target ?? "engine"}`}
                aria-selected={selected}
                aria-controls="terminal-body"
                tabIndex={selected ? 0 : -1}
                className={`terminal-tab${selected ? " terminal-tab-selected" : ""}`}
                title={ip ? t("terminal.nodeIp", { title: t(tab.title), ip }) : t(tab.title)}
                onClick={() => choose(tab.target)}
                onKeyDown={(event) => onTabKey(event, index)}
              >
                {t(tab.label)}
              </button>
            );
          })}
        </div>
      )}
      {clusterBanner && (
        <div className={`banner banner-${clusterBanner.tone}`} role={clusterBanner.tone === "error" ? "alert" : "status"}>
          {clusterBanner.status.state === "starting" && <span className="spinner" aria-hidden="true" />}
          <strong>{t(clusterBanner.status.state === "error" ? "cluster.error" : clusterBanner.status.state === "stopped" ? "cluster.stopped" : "cluster.starting")}</strong>{" "}
          {clusterBanner.status.message}
          {clusterBanner.status.state === "error" && (
            <button type="button" className="btn btn-small" onClick={() => choose(undefined)}>
              {t("cluster.useOwn")}
            </button>
          )}
        </div>
      )}
      {onNode && clusterStatus?.state === "ready" && clusterStatus.ipvs === false && (
        <p className="terminal-note" role="note">
          {richText(t("cluster.noIpvs"), { mode: <code>mode: host</code>, endpoint: <code>endpoint_mode: dnsrr</code> })}
        </p>
      )}
      {banner && engine && !onNode && <EngineBannerView banner={banner} engine={engine} connected={connected} onRetry={restart} />}
      {exitMessage !== null && (
        <div className="banner banner-warn" role="status">
          <strong>{t("terminal.shellEnded")}</strong> {exitMessage}
          {connected && (
            <button type="button" className="btn btn-small" onClick={restart}>
              {t("terminal.newShell")}
            </button>
          )}
        </div>
      )}
      {!connected && connection.wasOpen && (
        <div className="banner banner-error" role="status">
          <strong>{t("terminal.disconnected")}</strong> {t("terminal.disconnectedText")}
        </div>
      )}

      <div className="terminal-body" data-testid="terminal" id="terminal-body" role={cluster ? "tabpanel" : undefined} aria-labelledby={cluster ? `terminal-tab-${target ?? "engine"}` : undefined}>
        <TerminalView socket={socket} controllerRef={controllerRef} target={target} theme={theme} fontSize={CODE_FONT_PX[preferences.fontSize]} backlog={backlog} firstDraw={firstDraw} />
      </div>
    </section>
  );
}
