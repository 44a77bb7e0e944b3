"use client";
/** The websocket's state in the top bar: connected, connecting, or lost with a retry countdown. */
import { useEffect, useState } from "react";
import type { ConnectionState } from "../socket/workbench-socket";
import { useI18n } from "../i18n";

type Props = { connection: ConnectionState; onReconnect: () => void };

export function ConnectionIndicator({ connection, onReconnect }: Props) {
  const { t } = useI18n();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (connection.status !== "closed") return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(timer);
  }, [connection.status, connection.retryAt]);

  if (connection.status === "open") {
    return (
      <span className="connection connection-open" role="status" title={connection.latencyMs !== null ? t("connection.roundTrip", { ms: connection.latencyMs }) : undefined}>
        <span className="dot" aria-hidden="true" /> <span className="connection-label">{t("connection.open")}</span>
      </span>
    );
  }
  if (connection.status === "closed") {
    const seconds = connection.retryAt ? Math.max(0, Math.ceil((connection.retryAt - now) / 1000)) : 0;
    return (
      <span className="connection connection-closed" role="status">
        <span className="dot" aria-hidden="true" />
        <span title={connection.reason ?? undefined}>
          {t(connection.wasOpen ? "connection.lost" : "connection.cannot")}
          {seconds > 0 ? t("connection.retryIn", { seconds }) : t("connection.retrying")}
        </span>
        <button type="button" className="btn btn-small btn-ghost-dark" onClick={onReconnect}>
          {t("connection.reconnectNow")}
        </button>
      </span>
    );
  }
  return (
    <span className="connection connection-connecting" role="status">
      <span className="spinner" aria-hidden="true" /> <span className="connection-label">{t(connection.wasOpen ? "connection.reconnecting" : "connection.connecting")}</span>
    </span>
  );
}
