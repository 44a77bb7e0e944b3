"use client";
/**
 * React bindings for WorkbenchSocket: one socket per page, started on mount and stopped on
 * unmount; hooks to read its connection state and to listen to messages.
 */
import { useEffect, useRef, useState, useSyncExternalStore } from "react";
import type { ServerMessage } from "@/lib/protocol/messages";
import { localizeServerMessage } from "@/lib/i18n/localize-server-message";
import { useI18n } from "../i18n";
import { WorkbenchSocket, type ConnectionState } from "./workbench-socket";

export function useWorkbenchSocket(): WorkbenchSocket {
  const [socket] = useState(() => new WorkbenchSocket());
  useEffect(() => {
    socket.start();
    return () => socket.stop();
  }, [socket]);
  return socket;
}

export function useConnectionState(socket: WorkbenchSocket): ConnectionState {
  return useSyncExternalStore(socket.subscribeState, socket.getState, socket.getServerState);
}

/** Calls the latest `handler` for every decoded server message while mounted, said in the page's language. */
export function useSocketMessages(socket: WorkbenchSocket, handler: (message: ServerMessage) => void): void {
  const { locale } = useI18n();
  const ref = useRef(handler);
  useEffect(() => {
    ref.current = handler;
  });
  useEffect(() => socket.onMessage((message) => ref.current(localizeServerMessage(message, locale))), [socket, locale]);
}

/** Calls the latest `handler` after every (re)connection. */
export function useSocketOpen(socket: WorkbenchSocket, handler: () => void): void {
  const ref = useRef(handler);
  useEffect(() => {
    ref.current = handler;
  });
  useEffect(() => socket.onOpen(() => ref.current()), [socket]);
}
