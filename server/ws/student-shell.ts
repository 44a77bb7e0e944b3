/**
 * The student's own shell (bash -l as the learner, in their workspace), shared by their tabs
 * through their hub. It is started as soon as the student has an engine — at the pool hand-over of
 * the page's early request, or when their socket finds the engine ready — not when the page's
 * terminal asks for it: the exec, bash's start-up and its prompt then happen while the page's
 * scripts and xterm load, and the page's `terminal.attach` is answered from the shell's buffer
 * (a fresh page gets it whole, with `terminal.reset`; a reconnecting one what it lacks). A new
 * student handed a pool engine gets the shell that engine started before the hand-over
 * (../sandbox/shell-ahead.ts), its prompt already in the buffer: no exec at the hand-over.
 */
import type Docker from "dockerode";
import type { EngineManager, LearnerEngine } from "../sandbox/engine-manager";
import { TerminalSession } from "../sandbox/terminal-session";
import { LEARNER_HOME, LEARNER_WORKSPACE } from "../sandbox/engine-options";
import { DEFAULT_SHELL_SIZE, LEARNER_SHELL } from "../sandbox/shell-ahead";
import { MANAGER_NODE } from "../sandbox/cluster-manager";
import type { ClusterNodeId } from "../../lib/protocol/messages";
import type { HubRegistry, StudentHub } from "./student-hub";
import type { Logger } from "../logger";

export { DEFAULT_SHELL_SIZE };

/** The student's shell in their engine: the running one, the one being opened, or a new one. */
export async function openStudentShell(hub: StudentHub, engine: LearnerEngine, cols: number, rows: number): Promise<TerminalSession> {
  if (hub.terminal && !hub.terminal.isExited) return hub.terminal;
  // The hub has the shell before the opening is forgotten: a caller in between never starts a second one.
  hub.terminalOpening ??= openShell(engine, cols, rows)
    .then((terminal) => (hub.terminal = terminal))
    .finally(() => {
      hub.terminalOpening = undefined;
    });
  return hub.terminalOpening;
}

/** The shell the pool engine started ahead, if it was handed over with it and still runs (taken once); else a new one. The attach resizes it. */
async function openShell(engine: LearnerEngine, cols: number, rows: number): Promise<TerminalSession> {
  return (await engine.shellAhead?.take()) ?? TerminalSession.open(engine.container, LEARNER_SHELL, cols, rows);
}

/** Opens the student's shell now, without waiting for a page to attach; a failure is logged (the attach tries again and reports it). */
export function startShellAhead(hub: StudentHub, engine: LearnerEngine, log: Logger): void {
  if (hub.terminal && !hub.terminal.isExited) return;
  const began = performance.now();
  const opening = hub.terminalOpening === undefined;
  openStudentShell(hub, engine, DEFAULT_SHELL_SIZE.cols, DEFAULT_SHELL_SIZE.rows).then(
    (terminal) => (opening ? logShellStart(terminal, engine, began, log) : undefined),
    (error: unknown) => log.warn("could not start the shell ahead of the page", { error: String(error) }),
  );
}

/**
 * The server's share of a new page's wait for its prompt: the exec opened (`openMs`), then bash's
 * first output (`promptMs`), both since the start was asked. `pooled`: the pool engine's shell was
 * taken (both then about 0), with what its own start took before any student had it (`pooledOpenMs`, `pooledPromptMs`).
 */
function logShellStart(terminal: TerminalSession, engine: LearnerEngine, began: number, log: Logger): void {
  const openMs = Math.round(performance.now() - began);
  const ahead = engine.shellAhead?.gave(terminal) ? engine.shellAhead : undefined;
  const pooled = ahead ? { pooled: true, pooledOpenMs: ahead.openMs, pooledPromptMs: ahead.promptMs } : { pooled: false };
  const done = (promptMs: number | undefined) => log.info("shell started ahead", { openMs, promptMs, ...pooled });
  if (terminal.lastSeq > 0) return done(openMs);
  void terminal.firstOutput().then((printed) => done(printed ? Math.round(performance.now() - began) : undefined));
}

/**
 * After EngineManager.prewarm began an engine for the student (the page's early request or its
 * GET): their shell starts as soon as that engine is ready. `began` is what prewarm returned; the
 * engine it began is the one `ensure` returns in the same tick (no second start).
 */
export function startShellWithEarlyEngine(began: boolean, studentId: string, deps: { engines: EngineManager; hubs: HubRegistry; log: Logger }): boolean {
  if (!began) return false;
  deps.engines.ensure(studentId).then(
    (engine) => {
      // Removed meanwhile (idle, shutdown): no shell for an engine that is gone.
      if (deps.engines.current(studentId) === engine) startShellAhead(deps.hubs.get(studentId), engine, deps.log.child({ studentId }));
    },
    () => undefined, // prewarm logs its own failure
  );
  return true;
}

/** A login shell as the learner on one node of the cluster (node1 starts in the workspace). */
export async function openNodeShell(hub: StudentHub, name: ClusterNodeId, container: Docker.Container, cols: number, rows: number): Promise<TerminalSession> {
  const open = hub.nodeTerminals.get(name);
  if (open && !open.isExited) return open;
  let opening = hub.nodeTerminalsOpening.get(name);
  if (!opening) {
    const spec = { ...LEARNER_SHELL, workingDir: name === MANAGER_NODE ? LEARNER_WORKSPACE : LEARNER_HOME };
    // As openStudentShell: the hub has the shell before the opening is forgotten.
    opening = TerminalSession.open(container, spec, cols, rows)
      .then((terminal) => {
        hub.nodeTerminals.set(name, terminal);
        return terminal;
      })
      .finally(() => hub.nodeTerminalsOpening.delete(name));
    hub.nodeTerminalsOpening.set(name, opening);
  }
  return opening;
}
