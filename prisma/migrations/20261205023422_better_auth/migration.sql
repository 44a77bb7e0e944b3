-- Written by hand from prisma/new-migration.ts's diff: Prisma's SQLite diff rebuilds "Account"
-- (CREATE new_Account, DROP TABLE "Account", rename), and server/db/migrate.ts runs a migration in
-- one transaction, where PRAGMA foreign_keys=OFF does nothing: the DROP would cascade-delete every
-- row that references an account (credentials, classes, API tokens, LTI users, reset links). So
-- "Account" is altered in place instead.
-- CreateTable
CREATE TABLE "Credential" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "accountId" TEXT NOT NULL,
    "providerId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "accessToken" TEXT,
    "refreshToken" TEXT,
    "idToken" TEXT,
    "accessTokenExpiresAt" DATETIME,
    "refreshTokenExpiresAt" DATETIME,
    "scope" TEXT,
    "password" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Credential_userId_fkey" FOREIGN KEY ("userId") REFERENCES "Account" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Verification" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "identifier" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- Data: each password hash moves to a better-auth credential row, so existing users sign in as
-- before. An account made by an LMS launch (hash "!lti", no password) gets none.
INSERT INTO "Credential" ("id", "accountId", "providerId", "userId", "password", "createdAt", "updatedAt")
SELECT 'cred-' || "id", "id", 'credential', "id", "passwordHash", "createdAt", "createdAt" FROM "Account" WHERE "passwordHash" NOT LIKE '!%';

-- AlterTable (in place; SQLite cannot add a column whose default is CURRENT_TIMESTAMP, so
-- "updatedAt" starts as the creation time, and Prisma and better-auth always write it)
ALTER TABLE "Account" ADD COLUMN "name" TEXT NOT NULL DEFAULT '';
ALTER TABLE "Account" ADD COLUMN "emailVerified" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "Account" ADD COLUMN "image" TEXT;
ALTER TABLE "Account" ADD COLUMN "updatedAt" DATETIME NOT NULL DEFAULT 0;
UPDATE "Account" SET "updatedAt" = "createdAt";
ALTER TABLE "Account" DROP COLUMN "passwordHash";

-- The old sessions kept only a SHA-256 of their token, which better-auth cannot use: they end,
-- and everyone signs in again once. "AuthSession" references "Account" and nothing references it.
DROP TABLE "AuthSession";
CREATE TABLE "AuthSession" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "token" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "ipAddress" TEXT,
    "userAgent" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "AuthSession_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE UNIQUE INDEX "AuthSession_token_key" ON "AuthSession"("token");
CREATE INDEX "AuthSession_accountId_idx" ON "AuthSession"("accountId");

-- CreateIndex
CREATE INDEX "Credential_userId_idx" ON "Credential"("userId");

-- CreateIndex
CREATE INDEX "Verification_identifier_idx" ON "Verification"("identifier");
