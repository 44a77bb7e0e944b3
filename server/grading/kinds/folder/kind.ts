import type { StaticKindEntry } from "../kind-entry";
import { judgeFolder } from "./judge";
import { folderSpec } from "./spec";

export const folderKind: StaticKindEntry<"folder"> = {
  kind: "folder",
  summary: "The step folder exists under its name and holds the files the step needs (and no longer those it replaces)",
  phase: "static",
  spec: folderSpec,
  judge: judgeFolder,
  needs: [],
};
