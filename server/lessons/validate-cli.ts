/** `npm run lessons:validate`: loads every lesson and reports what is wrong, for teachers and CI. */
import { loadCourse, LESSONS_DIR } from "./load-lessons";

loadCourse()
  .then((lessons) => {
    for (const l of lessons) console.log(`ok  step ${l.step}  ${l.slug}  (${l.checks.checks.length} checks)`);
    for (const warning of lessons.flatMap((l) => l.warnings)) console.warn(`warning  ${warning}`);
    console.log(`${lessons.length} lessons valid in ${LESSONS_DIR}`);
  })
  .catch((error: unknown) => {
    console.error(`invalid lessons: ${(error as Error).message}`);
    process.exit(1);
  });
