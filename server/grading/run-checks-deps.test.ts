/** The dependencies the runner adds for steps run by docker-compose or by the student's script. */
import { describe, expect, it } from "vitest";
import { checksFileSchema } from "./check-spec";
import { implicitDependencies } from "./run-checks";

const checks = (list: Record<string, unknown>[]) => checksFileSchema.parse({ step: 6, folder: "f", checks: list }).checks;

describe("implicitDependencies", () => {
  it("makes http, exec and processes checks wait for compose-up, not compose-up for the static checks", () => {
    const all = checks([
      { id: "folder", kind: "folder", title: "f", files: ["docker-compose.yml"] },
      { id: "version", kind: "compose-file", title: "v", version: "3" },
      { id: "up", kind: "compose-up", title: "u", project: "p" },
      { id: "site", kind: "http", title: "s", port: 80 },
      { id: "db", kind: "exec", title: "d", container: "apache_wordpress", script: "true" },
    ]);
    const deps = (id: string) =>
      implicitDependencies(
        all.find((c) => c.id === id)!,
        all,
      ).sort();
    expect(deps("up")).toEqual(["folder"]);
    expect(deps("version")).toEqual(["folder"]);
    expect(deps("site")).toEqual(["folder", "up"]);
    expect(deps("db")).toEqual(["folder", "up"]);
  });

  it("makes containers and http checks wait for the student's script", () => {
    const all = checks([
      { id: "folder", kind: "folder", title: "f", files: ["run.sh"] },
      { id: "script", kind: "script", title: "s", file: "run.sh" },
      { id: "two", kind: "containers", title: "t", count: 2 },
      { id: "site", kind: "http", title: "s", port: 80 },
    ]);
    const deps = (id: string) =>
      implicitDependencies(
        all.find((c) => c.id === id)!,
        all,
      ).sort();
    expect(deps("script")).toEqual(["folder"]);
    expect(deps("two")).toEqual(["folder", "script"]);
    expect(deps("site")).toEqual(["folder", "script"]);
  });
});
