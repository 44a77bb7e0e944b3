"use client";
/**
 * The editor tabs of the last visit to a step, in localStorage: reopened once the files and the
 * lesson are known (else the step's Dockerfile), and written whenever they change.
 */
import { useEffect, useRef } from "react";
import type { WorkspaceStore } from "./workspace-store";

const tabsKey = (step: number) => `docker-workbench:tabs:${step}`;

export function useRememberedTabs(store: WorkspaceStore, step: number, folder: string | null, filesReady: boolean): void {
  const tabsRestored = useRef(false);
  useEffect(() => {
    if (tabsRestored.current || !folder || !filesReady) return;
    tabsRestored.current = true;
    restoreTabs(store, step, folder);
  }, [folder, filesReady, store, step]);
  useEffect(() => {
    let last = "";
    return store.subscribe(() => {
      if (tabsRestored.current) last = saveTabs(store, step, last);
    });
  }, [store, step]);
}

function restoreTabs(store: WorkspaceStore, step: number, folder: string): void {
  let saved: { open?: unknown; active?: unknown } = {};
  try {
    saved = JSON.parse(window.localStorage.getItem(tabsKey(step)) ?? "{}") as typeof saved;
  } catch {
    saved = {};
  }
  const open = Array.isArray(saved.open) ? saved.open.filter((path): path is string => typeof path === "string" && store.hasFile(path)) : [];
  if (open.length > 0) {
    for (const path of open) store.openFile(path);
    if (typeof saved.active === "string" && open.includes(saved.active)) store.activate(saved.active);
    return;
  }
  const inFolder = store.getSnapshot().files.filter((file) => file.path.startsWith(folder + "/"));
  const first = inFolder.find((file) => file.path === `${folder}/Dockerfile`) ?? inFolder[0];
  if (first) store.openFile(first.path);
}

/** Writes the open tabs if they changed since `last`; returns what is stored now. */
function saveTabs(store: WorkspaceStore, step: number, last: string): string {
  const { open, active } = store.getSnapshot();
  const value = JSON.stringify({ open, active });
  if (value === last) return last;
  try {
    window.localStorage.setItem(tabsKey(step), value);
  } catch {
    // storage disabled: tabs are simply not remembered
  }
  return value;
}
