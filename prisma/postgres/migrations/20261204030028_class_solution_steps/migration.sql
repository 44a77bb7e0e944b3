-- AlterTable
ALTER TABLE "Class" ADD COLUMN     "solutionSteps" TEXT NOT NULL DEFAULT '[]';

