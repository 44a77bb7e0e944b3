import { describe, expect, it } from "vitest";
import { renderText } from "../../lib/i18n/render-text";
import { diskFullText, explainDiskFull, fullDiskOf, mentionsDiskFull } from "./disk-full";
import type { CheckResult } from "../../lib/protocol/messages";
import type { BuildOutcome, ExecOutcome } from "./evidence";

const limits = { workspaceMiB: 200, engineMiB: 8192 };
const failed: CheckResult = { id: "build", title: "The image builds", status: "fail", message: "The build failed: …", phase: "dynamic" };

describe("a full disk during a Check", () => {
  it("is recognised in the engine's and the shell's words", () => {
    expect(mentionsDiskFull("failed to copy files: write /var/lib/docker/tmp/x: no space left on device")).toBe(true);
    expect(mentionsDiskFull("dd: error writing 'fill': No space left on device")).toBe(true);
    expect(mentionsDiskFull("Error: ENOSPC: no space left on device, write")).toBe(true);
    expect(mentionsDiskFull("E: Unable to locate package nginx")).toBe(false);
  });

  it("names the disk: the workspace when its path shows, the engine's for image work", () => {
    expect(fullDiskOf("build", "no space left on device")).toBe("engine");
    expect(fullDiskOf("shell", "cp: error writing '/home/learner/workspace/x': No space left on device")).toBe("workspace");
    expect(fullDiskOf("script", "No space left on device")).toBe("either");
  });

  it("turns a build that filled the engine's disk into a clear message with its size", () => {
    const outcome: BuildOutcome = { kind: "build", ok: false, error: "failed to register layer: no space left on device", timedOut: false, logTail: "", durationMs: 1 };
    const explained = explainDiskFull(failed, outcome, limits);
    expect(explained).toEqual({
      ...failed,
      message: "Your engine's disk (8 GiB) is full: remove images, containers and volumes you no longer need (docker system prune -a, docker volume prune) and try again.",
      text: explained.text,
    });
    // A French page says it in French, not the build's own failure the result carried before.
    expect(renderText(explained.text!, "fr")).toBe(
      "Le disque de votre moteur (8\u00a0Gio) est plein : supprimez les images, conteneurs et volumes dont vous n’avez plus besoin (docker system prune -a, docker volume prune), puis réessayez.",
    );
  });

  it("turns a script that filled the workspace into a clear message", () => {
    const outcome: ExecOutcome = { kind: "exec", exitCode: 1, output: "cp: error writing '/home/learner/workspace/step-5/db.sql': No space left on device", timedOut: false };
    const explained = explainDiskFull({ ...failed, id: "script" }, outcome, limits);
    expect(explained.message).toBe("Your workspace (200 MiB) is full: delete files you no longer need in ~/workspace and try again.");
    // French writes its sizes in Mio and Gio.
    expect(renderText(explained.text!, "fr")).toMatch(/^Votre espace de travail \(200\u00a0Mio\) est plein/);
  });

  it("leaves other failures, passes and skips alone, and has no sizes without caps", () => {
    const other: BuildOutcome = { kind: "build", ok: false, error: "COPY failed: file not found", timedOut: false, logTail: "", durationMs: 1 };
    expect(explainDiskFull(failed, other, limits)).toBe(failed);
    const full: BuildOutcome = { ...other, error: "no space left on device" };
    const passed: CheckResult = { ...failed, status: "pass" };
    expect(explainDiskFull(passed, full, limits)).toBe(passed);
    expect(explainDiskFull(failed, undefined, limits)).toBe(failed);
    expect(renderText(diskFullText("engine"), "en")).toMatch(/^Your engine's disk is full: /);
    expect(renderText(diskFullText("either", limits), "en")).toMatch(/^A disk of yours is full \(your workspace \(200 MiB\) or your engine's disk \(8 GiB\)\)/);
  });
});
