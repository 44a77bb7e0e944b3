"use client";
/** The workspace's files as a folder tree of buttons; a file's button is named by its file name. */
import { useEffect, useMemo, useState } from "react";
import type { FileEntry } from "../api-types";
import { useI18n } from "../i18n";
import { formatBytesIn } from "@/lib/i18n/format-size";

export type TreeNode = { kind: "dir"; name: string; path: string; children: TreeNode[] } | { kind: "file"; name: string; path: string; size: number };

/** Builds the folder tree; folders first, then files, each sorted by name. */
export function buildTree(files: readonly FileEntry[]): TreeNode[] {
  const root: TreeNode & { kind: "dir" } = { kind: "dir", name: "", path: "", children: [] };
  for (const file of files) {
    const parts = file.path.split("/").filter(Boolean);
    let dir = root;
    parts.forEach((part, index) => {
      const path = parts.slice(0, index + 1).join("/");
      if (index === parts.length - 1) {
        dir.children.push({ kind: "file", name: part, path, size: file.size });
        return;
      }
      let next = dir.children.find((child): child is TreeNode & { kind: "dir" } => child.kind === "dir" && child.name === part);
      if (!next) {
        next = { kind: "dir", name: part, path, children: [] };
        dir.children.push(next);
      }
      dir = next;
    });
  }
  const sort = (nodes: TreeNode[]): TreeNode[] =>
    nodes.map((node) => (node.kind === "dir" ? { ...node, children: sort(node.children) } : node)).sort((a, b) => (a.kind === b.kind ? a.name.localeCompare(b.name) : a.kind === "dir" ? -1 : 1));
  return sort(root.children);
}

/** Folders to show open at first: the step's folder and those holding the open file. */
function initiallyExpanded(folder: string, active: string | null): Set<string> {
  const expanded = new Set<string>();
  for (const path of [folder ? folder + "/x" : "", active ?? ""]) {
    const parts = path.split("/").filter(Boolean);
    for (let i = 1; i < parts.length; i += 1) expanded.add(parts.slice(0, i).join("/"));
  }
  return expanded;
}

type FileTreeProps = {
  files: readonly FileEntry[];
  folder: string;
  active: string | null;
  dirty: ReadonlySet<string>;
  onOpen: (path: string) => void;
  /** A folder was opened or closed in the tree. */
  onToggleDir?: (path: string) => void;
};

export function FileTree({ files, folder, active, dirty, onOpen, onToggleDir }: FileTreeProps) {
  const { t, locale } = useI18n();
  const tree = useMemo(() => buildTree(files), [files]);
  const [expanded, setExpanded] = useState(() => initiallyExpanded(folder, active));
  // Reveal the active file when it is opened from elsewhere (a check result, a new file).
  useEffect(() => {
    if (!active) return;
    const ancestors = [...initiallyExpanded("", active)];
    setExpanded((current) => (ancestors.every((path) => current.has(path)) ? current : new Set([...current, ...ancestors])));
  }, [active]);

  const toggle = (path: string) =>
    setExpanded((current) => {
      const next = new Set(current);
      if (next.has(path)) next.delete(path);
      else next.add(path);
      return next;
    });

  const renderNodes = (nodes: TreeNode[], depth: number) => (
    <ul className="tree-list" role="list">
      {nodes.map((node) => (
        <li key={node.path}>
          {node.kind === "dir" ? (
            <>
              <button
                type="button"
                className="tree-item tree-dir"
                style={{ paddingLeft: `${0.5 + depth * 0.9}rem` }}
                aria-expanded={expanded.has(node.path)}
                onClick={() => {
                  toggle(node.path);
                  onToggleDir?.(node.path);
                }}
                title={node.path}
              >
                {node.name}
              </button>
              {expanded.has(node.path) && renderNodes(node.children, depth + 1)}
            </>
          ) : (
            <button
              type="button"
              className={`tree-item tree-file${node.path === active ? " is-active" : ""}${dirty.has(node.path) ? " is-dirty" : ""}`}
              style={{ paddingLeft: `${0.5 + depth * 0.9}rem` }}
              aria-current={node.path === active ? "true" : undefined}
              onClick={() => onOpen(node.path)}
              title={`${node.path} (${formatBytesIn(node.size, locale)})`}
              data-path={node.path}
            >
              {node.name}
            </button>
          )}
        </li>
      ))}
    </ul>
  );

  if (tree.length === 0) return <p className="tree-empty">{t("files.empty")}</p>;
  return (
    <nav className="file-tree" aria-label={t("pane.files")}>
      {renderNodes(tree, 0)}
    </nav>
  );
}
