/**
 * LTI 1.3 records (server/lti/): registered platforms, our tool key, login nonces, the accounts and
 * classes LMS users and courses are bound to, and the score passbacks waiting to be sent.
 */
import { getDb } from "../client";

export interface LtiPlatformRecord {
  id: string;
  issuer: string;
  clientId: string;
  deploymentIds: string[];
  authLoginUrl: string;
  tokenUrl: string;
  jwksUrl: string;
}

export type LtiPlatformInput = Omit<LtiPlatformRecord, "id">;

function toPlatform(row: { id: string; issuer: string; clientId: string; deploymentIds: string; authLoginUrl: string; tokenUrl: string; jwksUrl: string }): LtiPlatformRecord {
  const ids: unknown = JSON.parse(row.deploymentIds);
  return { ...row, deploymentIds: Array.isArray(ids) ? ids.filter((id): id is string => typeof id === "string") : [] };
}

/** Registers a platform, or updates the one with the same issuer and client id (deployment ids are added to). */
export async function upsertLtiPlatform(input: LtiPlatformInput): Promise<LtiPlatformRecord> {
  const db = getDb();
  const existing = await db.ltiPlatform.findUnique({ where: { issuer_clientId: { issuer: input.issuer, clientId: input.clientId } } });
  const deploymentIds = [...new Set([...(existing ? toPlatform(existing).deploymentIds : []), ...input.deploymentIds])];
  const data = { ...input, deploymentIds: JSON.stringify(deploymentIds) };
  const row = existing ? await db.ltiPlatform.update({ where: { id: existing.id }, data }) : await db.ltiPlatform.create({ data });
  return toPlatform(row);
}

/** The platforms registered with this issuer (one per client id). */
export async function listLtiPlatformsByIssuer(issuer: string): Promise<LtiPlatformRecord[]> {
  const rows = await getDb().ltiPlatform.findMany({ where: { issuer }, orderBy: { createdAt: "asc" } });
  return rows.map(toPlatform);
}

export async function getLtiPlatform(id: string): Promise<LtiPlatformRecord | null> {
  const row = await getDb().ltiPlatform.findUnique({ where: { id } });
  return row && toPlatform(row);
}

export interface LtiToolKeyRecord {
  kid: string;
  publicJwk: string;
  privateJwk: string;
}

/** The oldest tool key (there is one unless a rotation added another). */
export async function getLtiToolKey(): Promise<LtiToolKeyRecord | null> {
  return getDb().ltiToolKey.findFirst({ orderBy: { createdAt: "asc" }, select: { kid: true, publicJwk: true, privateJwk: true } });
}

export async function createLtiToolKey(key: LtiToolKeyRecord): Promise<void> {
  await getDb().ltiToolKey.create({ data: key });
}

/** Stores a login's nonce, and sweeps the expired ones (logins that never came back). */
export async function createLtiNonce(input: { nonce: string; platformId: string; stateHash: string; expiresAt: Date }, now = new Date()): Promise<void> {
  const db = getDb();
  await db.ltiNonce.deleteMany({ where: { expiresAt: { lte: now } } });
  await db.ltiNonce.create({ data: input });
}

/**
 * Uses the nonce: true once, for the login that issued it (same platform and state), before it
 * expires; deleted in the same statement, so a replayed id_token finds nothing. Expired ones are swept.
 */
export async function consumeLtiNonce(input: { nonce: string; platformId: string; stateHash: string }, now = new Date()): Promise<boolean> {
  const db = getDb();
  const { count } = await db.ltiNonce.deleteMany({ where: { ...input, expiresAt: { gt: now } } });
  await db.ltiNonce.deleteMany({ where: { expiresAt: { lte: now } } });
  return count === 1;
}

export async function getLtiUserAccountId(platformId: string, sub: string): Promise<string | null> {
  const row = await getDb().ltiUser.findUnique({ where: { platformId_sub: { platformId, sub } }, select: { accountId: true } });
  return row?.accountId ?? null;
}

export async function createLtiUser(input: { platformId: string; sub: string; accountId: string }): Promise<void> {
  await getDb().ltiUser.create({ data: input });
}

/** The LTI `sub` of the student's account on a platform, or null (not an LMS user there). */
export async function getLtiSubOfStudent(platformId: string, studentId: string): Promise<string | null> {
  const row = await getDb().ltiUser.findFirst({ where: { platformId, account: { studentId } }, select: { sub: true } });
  return row?.sub ?? null;
}

/** Who the LMS users `subs` of a platform are here: their student's name (the launch's display name) and account e-mail, by sub. */
export async function listLtiUserIdentities(platformId: string, subs: string[]): Promise<Map<string, { studentName: string | null; email: string }>> {
  if (subs.length === 0) return new Map();
  const rows = await getDb().ltiUser.findMany({
    where: { platformId, sub: { in: [...new Set(subs)] } },
    select: { sub: true, account: { select: { email: true, student: { select: { name: true } } } } },
  });
  return new Map(rows.map((row) => [row.sub, { studentName: row.account.student?.name ?? null, email: row.account.email }]));
}

export interface LtiContextRecord {
  platformId: string;
  contextId: string;
  classId: string;
  deploymentId: string;
  lineItemsUrl: string | null;
  /** Line item URLs the platform named for steps' resource links. */
  lineItems: Record<string, string>;
}

function toContext(row: { platformId: string; contextId: string; classId: string; deploymentId: string; lineItemsUrl: string | null; lineItems: string }): LtiContextRecord {
  const items: unknown = JSON.parse(row.lineItems);
  return { ...row, lineItems: items && typeof items === "object" ? (items as Record<string, string>) : {} };
}

export async function getLtiContext(platformId: string, contextId: string): Promise<LtiContextRecord | null> {
  const row = await getDb().ltiContext.findUnique({ where: { platformId_contextId: { platformId, contextId } } });
  return row && toContext(row);
}

export async function getLtiContextOfClass(classId: string): Promise<LtiContextRecord | null> {
  const row = await getDb().ltiContext.findUnique({ where: { classId } });
  return row && toContext(row);
}

export async function createLtiContext(input: { platformId: string; contextId: string; classId: string; deploymentId: string; lineItemsUrl: string | null }): Promise<LtiContextRecord> {
  return toContext(await getDb().ltiContext.create({ data: input }));
}

/** Keeps the latest line-item container the platform gave, and the line item it named for a step. */
export async function updateLtiContextServices(platformId: string, contextId: string, update: { lineItemsUrl?: string; step?: number; lineItemUrl?: string }): Promise<void> {
  const db = getDb();
  await db.$transaction(async (tx) => {
    const row = await tx.ltiContext.findUnique({ where: { platformId_contextId: { platformId, contextId } } });
    if (!row) return;
    const items = toContext(row).lineItems;
    if (update.step !== undefined && update.lineItemUrl) items[String(update.step)] = update.lineItemUrl;
    await tx.ltiContext.update({
      where: { platformId_contextId: { platformId, contextId } },
      data: { lineItemsUrl: update.lineItemsUrl ?? row.lineItemsUrl, lineItems: JSON.stringify(items) },
    });
  });
}

/** The LMS-bound classes among the student's classes that cover the step. */
export async function listLtiClassesOfStudent(studentId: string, step: number): Promise<LtiContextRecord[]> {
  const rows = await getDb().ltiContext.findMany({ where: { class: { members: { some: { studentId } } } }, include: { class: { select: { steps: true } } } });
  return rows.filter((row) => (JSON.parse(row.class.steps) as number[]).includes(step)).map(toContext);
}

export type LtiPassbackStatus = "pending" | "sent" | "failed";

export interface LtiPassbackRecord {
  id: string;
  runId: string;
  classId: string;
  step: number;
  userSub: string;
  scoreGiven: number;
  scoreMaximum: number;
  gradedAt: Date;
  status: LtiPassbackStatus;
  attempts: number;
  nextAttemptAt: Date;
  lastError: string | null;
  sentAt: Date | null;
  createdAt: Date;
}

const toPassback = (row: Omit<LtiPassbackRecord, "status"> & { status: string }): LtiPassbackRecord => ({
  ...row,
  status: row.status === "sent" || row.status === "failed" ? row.status : "pending",
});

/** Records a score to send; the same run for the same class is recorded once. */
export async function createLtiPassback(input: { runId: string; classId: string; step: number; userSub: string; scoreGiven: number; scoreMaximum: number; gradedAt: Date }): Promise<void> {
  await getDb().ltiScorePassback.upsert({ where: { runId_classId: { runId: input.runId, classId: input.classId } }, create: input, update: {} });
}

/** Pending passbacks due by `now`, oldest first. */
export async function listDueLtiPassbacks(now = new Date(), limit = 20): Promise<LtiPassbackRecord[]> {
  const rows = await getDb().ltiScorePassback.findMany({ where: { status: "pending", nextAttemptAt: { lte: now } }, orderBy: { createdAt: "asc" }, take: limit });
  return rows.map(toPassback);
}

/** When the next pending passback is due, or null when none waits. */
export async function nextLtiPassbackDue(): Promise<Date | null> {
  const row = await getDb().ltiScorePassback.findFirst({ where: { status: "pending" }, orderBy: { nextAttemptAt: "asc" }, select: { nextAttemptAt: true } });
  return row?.nextAttemptAt ?? null;
}

export async function markLtiPassbackSent(id: string, attempts: number): Promise<void> {
  await getDb().ltiScorePassback.update({ where: { id }, data: { status: "sent", attempts, sentAt: new Date(), lastError: null } });
}

export async function markLtiPassbackFailure(id: string, update: { attempts: number; lastError: string; nextAttemptAt: Date | null }): Promise<void> {
  await getDb().ltiScorePassback.update({
    where: { id },
    data: { attempts: update.attempts, lastError: update.lastError, status: update.nextAttemptAt ? "pending" : "failed", nextAttemptAt: update.nextAttemptAt ?? undefined },
  });
}

/** A class's passbacks, newest first (what the teacher sees). */
export async function listLtiPassbacksOfClass(classId: string, limit = 200): Promise<LtiPassbackRecord[]> {
  const rows = await getDb().ltiScorePassback.findMany({ where: { classId }, orderBy: { createdAt: "desc" }, take: limit });
  return rows.map(toPassback);
}

/** Sends a failed passback again (the teacher's retry). */
export async function retryLtiPassback(id: string, classId: string): Promise<boolean> {
  const { count } = await getDb().ltiScorePassback.updateMany({ where: { id, classId, status: "failed" }, data: { status: "pending", nextAttemptAt: new Date() } });
  return count === 1;
}

/**
 * Makes the account of an LMS user (with its Student record for a learner) and binds it to
 * (platform, sub), in one transaction: two first launches at once leave one account, and the
 * loser's create rejects with P2002 (isDuplicateAccount).
 */
export async function createLtiAccount(input: { platformId: string; sub: string; email: string; role: "student" | "teacher"; student: { id: string; name: string } | null }): Promise<string> {
  return getDb().$transaction(async (tx) => {
    if (input.student) await tx.student.create({ data: { id: input.student.id, name: input.student.name } });
    // No password (no credential row): an LMS user signs in through their LMS.
    const account = await tx.account.create({ data: { email: input.email, role: input.role, studentId: input.student?.id ?? null } });
    await tx.ltiUser.create({ data: { platformId: input.platformId, sub: input.sub, accountId: account.id } });
    return account.id;
  });
}

/** A class for an LMS course and its binding, in one transaction (a second first launch at once rejects with P2002). */
export async function createLtiClass(input: {
  name: string;
  teacherId: string;
  steps: number[];
  joinCode: string;
  context: { platformId: string; contextId: string; deploymentId: string; lineItemsUrl: string | null };
}): Promise<string> {
  return getDb().$transaction(async (tx) => {
    const klass = await tx.class.create({ data: { name: input.name, teacherId: input.teacherId, steps: JSON.stringify(input.steps), joinCode: input.joinCode } });
    await tx.ltiContext.create({ data: { ...input.context, classId: klass.id } });
    return klass.id;
  });
}
