/**
 * `npm run lessons:validate [dir] [--prove] [--step N]`: loads a course (dir, else LESSONS_DIR)
 * and reports what is wrong with the file, line and field, for teachers and CI. With --prove,
 * grades each lesson's solution, starter and declared variants in a real learner engine
 * (./prove-lessons.ts). Exit code: 0 all good, 1 a lesson is invalid or a case is not as declared,
 * 2 bad arguments.
 */
import path from "node:path";
import { loadCourse, LESSONS_DIR, type Lesson } from "./load-lessons";
import { proveLessons } from "./prove-lessons";

export interface ValidateArgs {
  dir: string;
  prove: boolean;
  step: number | undefined;
}

export class UsageError extends Error {}

export function parseValidateArgs(argv: string[]): ValidateArgs {
  let dir: string | undefined;
  let prove = false;
  let step: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--prove") prove = true;
    else if (arg === "--step" || arg.startsWith("--step=")) {
      const value = arg.includes("=") ? arg.slice(7) : argv[++i];
      step = Number(value);
      if (!Number.isInteger(step) || step < 1) throw new UsageError(`--step needs a step number, got "${value ?? ""}"`);
    } else if (arg.startsWith("-")) throw new UsageError(`unknown option ${arg} (use [dir] [--prove] [--step N])`);
    else if (dir) throw new UsageError(`one course folder only (got ${dir} and ${arg})`);
    else dir = arg;
  }
  return { dir: dir ? path.resolve(dir) : LESSONS_DIR, prove, step };
}

async function main(): Promise<number> {
  let args: ValidateArgs;
  try {
    args = parseValidateArgs(process.argv.slice(2));
  } catch (error) {
    console.error((error as Error).message);
    return 2;
  }
  let lessons: Lesson[];
  try {
    lessons = await loadCourse(args.dir);
  } catch (error) {
    console.error(`invalid lessons: ${(error as Error).message}`);
    return 1;
  }
  for (const l of lessons) console.log(`ok  step ${l.step}  ${l.slug}  (${l.checks.checks.length} checks)`);
  for (const warning of lessons.flatMap((l) => l.warnings)) console.warn(`warning  ${warning}`);
  console.log(`${lessons.length} lessons valid in ${args.dir}`);
  if (!args.prove) return 0;

  const chosen = args.step === undefined ? lessons : lessons.filter((l) => l.step === args.step);
  if (chosen.length === 0) {
    console.error(`there is no step ${args.step} in ${args.dir}`);
    return 2;
  }
  const began = Date.now();
  const lines = await proveLessons(chosen, (text) => console.log(text));
  const failed = lines.filter((l) => !l.ok).length;
  console.log(`${failed === 0 ? "✓" : "✗"} ${lines.length - failed} of ${lines.length} cases as declared in ${((Date.now() - began) / 1000).toFixed(1)} s`);
  return failed === 0 ? 0 : 1;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(__filename)) {
  void main().then((code) => process.exit(code));
}
