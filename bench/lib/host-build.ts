/** The floor of the build figures: the plain docker CLI on the host building step 1's reference Dockerfile. */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { log } from "./common";
import { step1Solution } from "./step1";

/** `docker build --no-cache` on the learners' network (same DNS, same package cache as the engines); whether it succeeded. */
export function hostBuild(tag: string): Promise<boolean> {
  const context = mkdtempSync(path.join(os.tmpdir(), "wb-bench-floor-"));
  writeFileSync(path.join(context, "Dockerfile"), step1Solution());
  return new Promise((resolve) => {
    const child = spawn(
      "docker",
      ["build", "--no-cache", "--network", "workbench-learners", "--label", "org.dockerworkbench.managed=true", "--label", "org.dockerworkbench.role=test", "-t", tag, context],
      { stdio: ["ignore", "ignore", "pipe"] },
    );
    let errors = "";
    child.stderr.on("data", (chunk: Buffer) => (errors = (errors + chunk.toString()).slice(-2000)));
    child.on("exit", (code) => {
      rmSync(context, { recursive: true, force: true });
      if (code !== 0) log(`  host build failed (${code}): ${errors}`);
      resolve(code === 0);
    });
  });
}

/** Removes an image the floor built (a cleanup: repeatable, never fails). */
export function removeHostImage(tag: string): Promise<void> {
  return new Promise<void>((resolve) => spawn("docker", ["rmi", "-f", tag], { stdio: "ignore" }).on("exit", () => resolve()));
}
