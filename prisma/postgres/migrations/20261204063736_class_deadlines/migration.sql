-- AlterTable
ALTER TABLE "Class" ADD COLUMN     "deadlines" TEXT NOT NULL DEFAULT '{}';

-- AlterTable
ALTER TABLE "ClassMember" ADD COLUMN     "extensions" TEXT NOT NULL DEFAULT '{}';

