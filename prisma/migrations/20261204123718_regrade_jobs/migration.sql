-- AlterTable
ALTER TABLE "CheckRun" ADD COLUMN "regradeOfId" TEXT;

-- CreateTable
CREATE TABLE "RegradeJob" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "classId" TEXT NOT NULL,
    "step" INTEGER NOT NULL,
    "requestedById" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "checksFingerprint" TEXT NOT NULL,
    "total" INTEGER NOT NULL,
    "done" INTEGER NOT NULL DEFAULT 0,
    "current" TEXT,
    "errorMessage" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" DATETIME,
    "appliedAt" DATETIME,
    CONSTRAINT "RegradeJob_classId_fkey" FOREIGN KEY ("classId") REFERENCES "Class" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "RegradeRow" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "jobId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "studentId" TEXT NOT NULL,
    "studentName" TEXT NOT NULL,
    "oldRunId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "newScore" REAL,
    "newPassed" BOOLEAN,
    "newResults" TEXT NOT NULL DEFAULT '[]',
    "buildLog" TEXT NOT NULL DEFAULT '',
    "durationMs" INTEGER,
    "errorMessage" TEXT,
    "appliedRunId" TEXT,
    CONSTRAINT "RegradeRow_jobId_fkey" FOREIGN KEY ("jobId") REFERENCES "RegradeJob" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "RegradeJob_classId_step_createdAt_idx" ON "RegradeJob"("classId", "step", "createdAt");

-- CreateIndex
CREATE INDEX "RegradeJob_status_idx" ON "RegradeJob"("status");

-- CreateIndex
CREATE INDEX "RegradeRow_jobId_position_idx" ON "RegradeRow"("jobId", "position");

-- CreateIndex
CREATE UNIQUE INDEX "RegradeRow_jobId_oldRunId_key" ON "RegradeRow"("jobId", "oldRunId");

