-- CheckRun.mode: "practice" (Check in the student's own engine) or "verified" (Submit, graded in
-- a fresh sandbox the server owns). Every run recorded before this column was a practice Check.
-- AlterTable
ALTER TABLE "CheckRun" ADD COLUMN "mode" TEXT NOT NULL DEFAULT 'practice';
