/**
 * `node --import tsx e2e/support/seed-submission.ts <studentId> <step> <score>` (DATA_DIR set to
 * the test workbench's): records a finished submission with one Dockerfile, a failing and a
 * passing result and a build log, as the grader would have stored it. The teacher e2e test uses
 * it to have a submission to open without spending minutes building one in a sandbox.
 */
import { closeDb } from "@/server/db/client";
import { createCheckRun, finishCheckRun } from "@/server/db/repositories";

async function main(): Promise<void> {
  const [studentId, rawStep, rawScore] = process.argv.slice(2);
  const step = Number(rawStep);
  const score = Number(rawScore);
  if (!studentId || !Number.isInteger(step) || !Number.isFinite(score)) throw new Error("usage: seed-submission.ts <studentId> <step> <score>");
  const files = { "1_wordpress_dirty/Dockerfile": "FROM debian:latest\nRUN apt-get update && apt-get install -y apache2\n" };
  const id = await createCheckRun({ studentId, step, filesSnapshot: files, mode: "verified" });
  await finishCheckRun(id, {
    score,
    passed: score === 100,
    buildLog: "#1 [internal] load build definition from Dockerfile\n#5 DONE 0.4s\n",
    results: [
      { id: "base-image", title: "The image starts from debian:latest", status: "pass", message: "FROM debian:latest on line 1.", phase: "static" },
      { id: "image-env", title: "The database settings are in ENV", status: "fail", message: "No ENV instruction sets WORDPRESS_DB_HOST.", phase: "static" },
    ],
  });
  console.log(id);
}

main()
  .catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  })
  .finally(() => closeDb());
