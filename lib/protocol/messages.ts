/**
 * The websocket protocol between the browser and the backend. Shared by both sides, so it must
 * not import node:* modules. Every inbound frame goes through `decodeClientMessage`.
 */
import { z } from "zod";
import { bytesOf, say, textRefSchema, type TextRef } from "../i18n/text-ref";

/** Largest frame either side accepts, in bytes. ws enforces it too (`maxPayload`). */
export const MAX_FRAME_BYTES = 256 * 1024;
/** Largest single terminal input chunk (a paste), in characters. */
export const MAX_TERMINAL_INPUT = 64 * 1024;

/** The nodes of a student's step-9 cluster; node1 is the swarm manager. */
export const clusterNodeSchema = z.enum(["node1", "node2", "node3"]);
export type ClusterNodeId = z.infer<typeof clusterNodeSchema>;

const stepId = z.number().int().min(1).max(99).describe("Course step number (1–9 for the lab)");

export const checkStatusSchema = z.enum(["pass", "fail", "skip", "error"]);
export type CheckStatus = z.infer<typeof checkStatusSchema>;

/** One problem a lint check found, on its own line (the editor marks each one). */
export const lintFindingSchema = z.object({
  line: z.number().int().positive(),
  /** Id of the rule, e.g. "apt-lists-cleaned". */
  rule: z.string(),
  message: z.string().describe("What was found and what to do"),
  text: textRefSchema.optional(),
  /** "required": it makes the check fail; "advice": reported only. */
  severity: z.enum(["required", "advice"]),
});
export type LintFinding = z.infer<typeof lintFindingSchema>;

/** One graded constraint, as shown to the student. */
export const checkResultSchema = z.object({
  id: z.string(),
  title: z.string(),
  status: checkStatusSchema,
  message: z.string().describe("What was expected and what was found (English; `text` lets the page say it in its language)"),
  text: textRefSchema.optional(),
  /** The answer: the last hint level. */
  hint: z.string().optional(),
  /** Every hint level, from a nudge to the answer (1–3); the page reveals them one at a time. */
  hints: z.array(z.string()).max(3).optional(),
  /** Path of the file the problem is in, relative to the step folder's parent (the workspace). */
  file: z.string().optional(),
  line: z.number().int().positive().optional(),
  phase: z.enum(["static", "dynamic"]),
  /**
   * Set on a "skip" that could not be judged where the grading ran (step 9's three-node checks on a
   * workbench without clusters): the message says why; it neither passes nor fails and does not count.
   */
  notJudgedHere: z.literal(true).optional(),
  /** Lint checks (`dockerfile-lint`): every problem found, required ones first, for editor markers. */
  findings: z.array(lintFindingSchema).optional(),
  /** Lint checks: the best-practice score, 0–100 (server/grading/lint/lint-dockerfile.ts says how). */
  score: z.number().min(0).max(100).optional(),
});
export type CheckResult = z.infer<typeof checkResultSchema>;

export const clientMessageSchema = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("terminal.attach"),
    cols: z.number().int().min(2).max(1000),
    rows: z.number().int().min(2).max(500),
    /** Highest output sequence number this page has already written; 0 on a fresh page. */
    lastSeq: z.number().int().min(0),
    /** Step 9: a shell on this node of the student's cluster instead of their own engine. */
    node: clusterNodeSchema.optional(),
  }),
  z.object({ type: z.literal("terminal.input"), data: z.string().max(MAX_TERMINAL_INPUT) }),
  z.object({
    type: z.literal("terminal.resize"),
    cols: z.number().int().min(2).max(1000),
    rows: z.number().int().min(2).max(500),
  }),
  z.object({ type: z.literal("terminal.restart") }),
  /** Practice: graded in the student's own engine (fast feedback, not a grade). */
  z.object({ type: z.literal("check.run"), step: stepId }),
  /** Submit for grading: graded in a fresh sandbox the server owns, from its snapshot of the files; only these count. */
  z.object({ type: z.literal("check.submit"), step: stepId }),
  z.object({
    type: z.literal("lint"),
    step: stepId,
    path: z.string().max(512),
    content: z.string().max(200_000),
  }),
  z.object({ type: z.literal("ping"), t: z.number() }),
  /** The lesson's preview port: the server tells this page whether something answers on it (preview.status), until the page closes. */
  z.object({ type: z.literal("preview.watch"), port: z.number().int().min(1).max(65535) }),
]);
export type ClientMessage = z.infer<typeof clientMessageSchema>;

/** Where a run is graded: "practice" in the student's own engine, "verified" in a sandbox the server owns. */
export const checkModeSchema = z.enum(["practice", "verified"]);
export type CheckMode = z.infer<typeof checkModeSchema>;

export const engineStateSchema = z.enum(["starting", "ready", "stopped", "error"]);
export type EngineState = z.infer<typeof engineStateSchema>;

export const serverMessageSchema = z.discriminatedUnion("type", [
  /**
   * `queue`: the student waits for a free engine (this server runs a limited number at once); position 1 is next.
   * `etaMs`: an estimate of the wait from the time-sharing rules (said as "about"), absent when there is none.
   */
  z.object({
    type: z.literal("engine.status"),
    state: engineStateSchema,
    message: z.string(),
    text: textRefSchema.optional(),
    queue: z.object({ position: z.number().int().min(1), limit: z.number().int().min(1), etaMs: z.number().int().min(0).optional() }).optional(),
  }),
  /** `node`: output of that cluster node's shell (absent: the student's own engine). */
  z.object({ type: z.literal("terminal.output"), data: z.string(), seq: z.number().int(), node: clusterNodeSchema.optional() }),
  /** Sent on attach when the page's lastSeq is older than what the server still holds. */
  z.object({ type: z.literal("terminal.reset"), node: clusterNodeSchema.optional() }),
  z.object({ type: z.literal("terminal.exit"), message: z.string(), text: textRefSchema.optional(), node: clusterNodeSchema.optional() }),
  /** The student's step-9 cluster: starting, ready (with each node's address), stopped, or unavailable. */
  z.object({
    type: z.literal("cluster.status"),
    state: engineStateSchema,
    message: z.string(),
    text: textRefSchema.optional(),
    nodes: z.array(z.object({ name: clusterNodeSchema, ip: z.string(), manager: z.boolean() })).optional(),
    /** Whether the kernel offers IPVS (swarm's routing mesh and VIPs need it). */
    ipvs: z.boolean().optional(),
  }),
  z.object({
    type: z.literal("check.started"),
    runId: z.string(),
    step: stepId,
    mode: checkModeSchema,
    checks: z.array(z.object({ id: z.string(), title: z.string(), phase: z.enum(["static", "dynamic"]) })),
  }),
  z.object({
    type: z.literal("check.progress"),
    runId: z.string(),
    stage: z.string().describe("Short name of what is happening: build, run, probe…"),
    message: z.string(),
    text: textRefSchema.optional(),
    /** 0–1 when known. */
    fraction: z.number().min(0).max(1).optional(),
  }),
  z.object({ type: z.literal("check.log"), runId: z.string(), text: z.string() }),
  z.object({ type: z.literal("check.result"), runId: z.string(), result: checkResultSchema }),
  z.object({
    type: z.literal("check.finished"),
    runId: z.string(),
    step: stepId,
    mode: checkModeSchema,
    score: z.number(),
    passed: z.boolean(),
    results: z.array(checkResultSchema),
  }),
  /**
   * A run of this step that the server was stopped in the middle of (killed, crashed): it has no
   * result and never will. Sent when a page connects, while it is still the step's latest run.
   */
  z.object({ type: z.literal("check.interrupted"), runId: z.string(), step: stepId, mode: checkModeSchema, message: z.string(), text: textRefSchema.optional() }),
  z.object({ type: z.literal("lint.result"), step: stepId, path: z.string(), results: z.array(checkResultSchema) }),
  z.object({ type: z.literal("pong"), t: z.number() }),
  /**
   * Whether something in the student's engine accepts connections on the preview port (`engine`:
   * whether the engine runs at all); `message` says what to do when not (in English: the page words it in its own language).
   */
  z.object({ type: z.literal("preview.status"), port: z.number().int(), answers: z.boolean(), engine: z.boolean(), message: z.string(), text: textRefSchema.optional() }),
  z.object({ type: z.literal("error"), code: z.string(), message: z.string(), text: textRefSchema.optional() }),
]);
export type ServerMessage = z.infer<typeof serverMessageSchema>;

/** A refused frame: `error`, the detail in English for the server's log (zod's words included); `text`, what the page is told, a catalog message in its language. */
export type DecodeResult<T> = { ok: true; message: T } | { ok: false; error: string; text: TextRef };

/** The frame's `type`, when it is one the schema knows (a hostile frame's own words are never repeated to the page). */
function knownTypeOf(schema: z.ZodType, json: unknown): string | undefined {
  const type = typeof json === "object" && json !== null && !Array.isArray(json) ? (json as { type?: unknown }).type : undefined;
  if (typeof type !== "string" || !(schema instanceof z.ZodDiscriminatedUnion)) return undefined;
  return schema.options.some((option) => option instanceof z.ZodObject && option.shape.type instanceof z.ZodLiteral && option.shape.type.values.has(type)) ? type : undefined;
}

function decodeWith<T>(schema: z.ZodType<T>, raw: string | Uint8Array): DecodeResult<T> {
  const size = typeof raw === "string" ? raw.length : raw.byteLength;
  if (size > MAX_FRAME_BYTES) return { ok: false, error: `message too large (${size} bytes, limit ${MAX_FRAME_BYTES})`, text: say("frame.tooLarge", { size: bytesOf(MAX_FRAME_BYTES) }) };
  const text = typeof raw === "string" ? raw : new TextDecoder().decode(raw);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, error: "message is not valid JSON", text: say("frame.notJson") };
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length ? ` at ${issue.path.join(".")}` : "";
    const type = knownTypeOf(schema, json);
    return { ok: false, error: `invalid message${where}: ${issue?.message ?? "unknown problem"}`, text: type ? say("frame.invalid", { type }) : say("frame.unknownType") };
  }
  return { ok: true, message: parsed.data };
}

export const decodeClientMessage = (raw: string | Uint8Array) => decodeWith(clientMessageSchema, raw);
export const decodeServerMessage = (raw: string | Uint8Array) => decodeWith(serverMessageSchema, raw);
export const encodeMessage = (message: ClientMessage | ServerMessage) => JSON.stringify(message);
