/**
 * `node --import tsx e2e/support/seed-regrade.ts <classId>` (DATA_DIR the test workbench's,
 * LESSONS_DIR a one-step course with the checks as they were): two students of the class, each
 * with a submission of step 1 graded by the real grader with those checks and stored as Submit
 * stores it. The re-grade e2e test then serves stricter checks.
 */
import { closeDb } from "@/server/db/client";
import { addClassMember, createCheckRun, ensureStudent, finishCheckRun } from "@/server/db/repositories";
import { getLessonByStep } from "@/server/lessons/load-lessons";
import { gradeInFreshSandbox } from "@/server/grading-services/submit-service";
import { frozenStepFromSnapshot } from "@/server/grading-services/frozen-step";
import { TINY_STEP, tinySubmission } from "@/server/grading-services/testing/regrade-course";
import { createLogger } from "@/server/logger";

async function main(): Promise<void> {
  const [classId] = process.argv.slice(2);
  if (!classId) throw new Error("usage: seed-regrade.ts <classId>");
  const lesson = await getLessonByStep(TINY_STEP);
  if (!lesson) throw new Error(`no step ${TINY_STEP} in LESSONS_DIR`);
  const students = [
    ["e2erada0e2erada0", "Ada Lovelace", tinySubmission("EXPOSE 80")],
    ["e2ergrac0e2ergra", "Grace Hopper", tinySubmission("EXPOSE 80", "USER www-data")],
  ] as const;
  for (const [studentId, name, files] of students) {
    await ensureStudent(studentId, name);
    await addClassMember(classId, studentId);
    const runId = await createCheckRun({ studentId, step: TINY_STEP, filesSnapshot: files, mode: "verified" });
    const engines = { launchExtra: () => Promise.reject(new Error("static checks need no engine")), removeExtraEngine: () => Promise.resolve() };
    const frozen = frozenStepFromSnapshot(files, [lesson.checks.folder]);
    await finishCheckRun(runId, await gradeInFreshSandbox({ key: runId, studentId, lesson, frozen, progress: () => undefined }, engines, createLogger({ level: "warn" })));
  }
}

main()
  .catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  })
  .finally(() => closeDb());
