-- CreateTable
CREATE TABLE "LtiPlatform" (
    "id" TEXT NOT NULL,
    "issuer" TEXT NOT NULL,
    "clientId" TEXT NOT NULL,
    "deploymentIds" TEXT NOT NULL,
    "authLoginUrl" TEXT NOT NULL,
    "tokenUrl" TEXT NOT NULL,
    "jwksUrl" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LtiPlatform_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LtiToolKey" (
    "kid" TEXT NOT NULL,
    "publicJwk" TEXT NOT NULL,
    "privateJwk" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LtiToolKey_pkey" PRIMARY KEY ("kid")
);

-- CreateTable
CREATE TABLE "LtiNonce" (
    "nonce" TEXT NOT NULL,
    "platformId" TEXT NOT NULL,
    "stateHash" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "LtiNonce_pkey" PRIMARY KEY ("nonce")
);

-- CreateTable
CREATE TABLE "LtiUser" (
    "platformId" TEXT NOT NULL,
    "sub" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LtiUser_pkey" PRIMARY KEY ("platformId","sub")
);

-- CreateTable
CREATE TABLE "LtiContext" (
    "platformId" TEXT NOT NULL,
    "contextId" TEXT NOT NULL,
    "classId" TEXT NOT NULL,
    "deploymentId" TEXT NOT NULL,
    "lineItemsUrl" TEXT,
    "lineItems" TEXT NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LtiContext_pkey" PRIMARY KEY ("platformId","contextId")
);

-- CreateTable
CREATE TABLE "LtiScorePassback" (
    "id" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "classId" TEXT NOT NULL,
    "step" INTEGER NOT NULL,
    "userSub" TEXT NOT NULL,
    "scoreGiven" INTEGER NOT NULL,
    "scoreMaximum" INTEGER NOT NULL,
    "gradedAt" TIMESTAMP(3) NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastError" TEXT,
    "sentAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LtiScorePassback_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "LtiPlatform_issuer_clientId_key" ON "LtiPlatform"("issuer", "clientId");

-- CreateIndex
CREATE INDEX "LtiNonce_expiresAt_idx" ON "LtiNonce"("expiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "LtiUser_accountId_key" ON "LtiUser"("accountId");

-- CreateIndex
CREATE UNIQUE INDEX "LtiContext_classId_key" ON "LtiContext"("classId");

-- CreateIndex
CREATE INDEX "LtiScorePassback_status_nextAttemptAt_idx" ON "LtiScorePassback"("status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "LtiScorePassback_classId_idx" ON "LtiScorePassback"("classId");

-- CreateIndex
CREATE UNIQUE INDEX "LtiScorePassback_runId_classId_key" ON "LtiScorePassback"("runId", "classId");

-- AddForeignKey
ALTER TABLE "LtiUser" ADD CONSTRAINT "LtiUser_platformId_fkey" FOREIGN KEY ("platformId") REFERENCES "LtiPlatform"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LtiUser" ADD CONSTRAINT "LtiUser_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LtiContext" ADD CONSTRAINT "LtiContext_platformId_fkey" FOREIGN KEY ("platformId") REFERENCES "LtiPlatform"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LtiContext" ADD CONSTRAINT "LtiContext_classId_fkey" FOREIGN KEY ("classId") REFERENCES "Class"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LtiScorePassback" ADD CONSTRAINT "LtiScorePassback_classId_fkey" FOREIGN KEY ("classId") REFERENCES "Class"("id") ON DELETE CASCADE ON UPDATE CASCADE;

