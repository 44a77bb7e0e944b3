/**
 * Everything one student has open on the server: their sockets (tabs), their shell, whether a
 * check is running. Sockets come and go; the shell and the engine outlive them.
 */
import type { ClusterNodeId, ServerMessage } from "../../lib/protocol/messages";
import type { TerminalSession } from "../sandbox/terminal-session";
import { CheckReplay } from "./check-replay";
import { AppError } from "../app-error";
import { say } from "../../lib/i18n/text-ref";

export interface HubClient {
  send(message: ServerMessage): void;
  /** Attaches this tab to the (new) shell from scratch, at its own size. */
  reattachTerminal(): Promise<void>;
}

/** What a student's tabs are told when their engine must move to another node (WB_PLACEMENT=swarm). */
export const ENGINE_MOVED_MESSAGE = "Your Docker engine moved to another machine: your files are safe, the terminal restarts.";

/** What a student's tabs are told when their inactive engine gave its place to a queued student (EngineManager's yieldPolicy). */
export const ENGINE_YIELDED_MESSAGE = "Your Docker engine was stopped to let a waiting classmate in. Your files are safe; type in the terminal or press Restart shell to get back in the queue.";

/** A reload closes the page's socket and opens another within a few seconds: the running Check waits this long for a tab. */
export const ABANDON_GRACE_MS = 15_000;

export class StudentHub {
  readonly clients = new Set<HubClient>();
  terminal: TerminalSession | undefined;
  terminalOpening: Promise<TerminalSession> | undefined;
  /** A look at whether the engine still runs (and its removal if not), shared by the tabs and messages that ask meanwhile. */
  engineCheck: Promise<void> | undefined;
  /** Step 9: one shell per node of the student's cluster, shared by their tabs like `terminal`. */
  readonly nodeTerminals = new Map<ClusterNodeId, TerminalSession>();
  readonly nodeTerminalsOpening = new Map<ClusterNodeId, Promise<TerminalSession>>();
  /** The Check or Submit running for this student, if any, replayed to every tab that opens during it. */
  runningCheck: CheckReplay | undefined;
  /** Aborted when the student's last tab closed during the running Check and none came back within the grace. */
  private abandoned: AbortController | undefined;
  /** Running while no tab is open during a Check: a reload (close, then open) must not cost the student their place. */
  private abandonTimer: NodeJS.Timeout | undefined;
  /** Their engine gave its place to the queue and no tab has asked for one since. */
  private engineYielded = false;

  /** `abandonGraceMs`: how long a Check whose every tab closed waits for one to come back (a reload) before it is abandoned. */
  constructor(
    readonly studentId: string,
    private readonly abandonGraceMs = ABANDON_GRACE_MS,
  ) {}

  /** A tab opened: it follows the running Check, if any, which is then no longer abandoned. */
  addClient(client: HubClient): void {
    this.clients.add(client);
    clearTimeout(this.abandonTimer);
    this.abandonTimer = undefined;
  }

  get checkRunning(): boolean {
    return this.runningCheck !== undefined;
  }

  /** The engine gave its place up: the next input asks for one again. */
  markYielded(): void {
    this.engineYielded = true;
  }

  /** Whether the engine gave its place up since the last call (a tab now asks for a new one). */
  takeYielded(): boolean {
    const yielded = this.engineYielded;
    this.engineYielded = false;
    return yielded;
  }

  broadcast(message: ServerMessage): void {
    for (const client of this.clients) client.send(message);
  }

  /**
   * Runs one Check or Submit (never two at once: false when one is running), sending its messages
   * to every tab, those that open during the run included (they get the run so far first).
   * `abandoned` aborts when the student's last tab closes during the run (what waits for a build slot leaves the queue).
   */
  async runCheck(run: (emit: (message: ServerMessage) => void, abandoned: AbortSignal) => Promise<unknown>): Promise<boolean> {
    if (this.runningCheck) return false;
    const replay = new CheckReplay();
    this.runningCheck = replay;
    this.abandoned = new AbortController();
    try {
      await run((message) => {
        replay.record(message);
        this.broadcast(message);
      }, this.abandoned.signal);
      return true;
    } finally {
      clearTimeout(this.abandonTimer);
      this.abandonTimer = undefined;
      this.runningCheck = undefined;
      this.abandoned = undefined;
    }
  }

  /** A tab closed: when it was the last one and none opens within the grace, the running Check is abandoned (see runCheck). */
  removeClient(client: HubClient): void {
    this.clients.delete(client);
    if (this.clients.size > 0 || !this.abandoned || this.abandonTimer) return;
    const abandoned = this.abandoned;
    this.abandonTimer = setTimeout(() => {
      this.abandonTimer = undefined;
      if (this.clients.size === 0) abandoned.abort(new AppError("engine_unavailable", say("build.slotLeftClosed")));
    }, this.abandonGraceMs);
    this.abandonTimer.unref?.();
  }

  /** Brings a tab that just opened up to date with the running Check, if any. */
  replayCheck(client: HubClient): void {
    for (const message of this.runningCheck?.messages() ?? []) client.send(message);
  }
}

export class HubRegistry {
  private readonly hubs = new Map<string, StudentHub>();

  get(studentId: string): StudentHub {
    let hub = this.hubs.get(studentId);
    if (!hub) {
      hub = new StudentHub(studentId);
      this.hubs.set(studentId, hub);
    }
    return hub;
  }

  /** Called when the student's engine is removed: the shell went with it. */
  drop(studentId: string): void {
    const hub = this.hubs.get(studentId);
    if (!hub) return;
    hub.terminal?.close();
    hub.terminal = undefined;
    hub.broadcast({ type: "engine.status", state: "stopped", message: "Your Docker engine was stopped." });
    if (hub.clients.size === 0) this.hubs.delete(studentId);
  }

  /**
   * Called when the student's engine was removed because its place moved (its node drained or
   * lost, WB_PLACEMENT=swarm): the open tabs are told, and each attaches again, which starts the
   * new engine where Swarm puts it and opens a new shell in it.
   */
  moved(studentId: string): void {
    const hub = this.withoutShell(studentId);
    if (!hub) return;
    hub.broadcast({ type: "engine.status", state: "starting", message: ENGINE_MOVED_MESSAGE });
    for (const client of hub.clients) void client.reattachTerminal().catch(() => undefined);
  }

  /**
   * Called when the student's engine was removed to let a queued student in: the open tabs are
   * told so (no new engine starts by itself); the student's next input asks for one again.
   */
  yielded(studentId: string): void {
    const hub = this.withoutShell(studentId);
    if (!hub) return;
    hub.markYielded();
    hub.broadcast({ type: "engine.status", state: "stopped", message: ENGINE_YIELDED_MESSAGE });
  }

  /** Closes the student's shell (its engine is gone) and returns the hub if a tab is still open to be told; an empty hub is forgotten. */
  private withoutShell(studentId: string): StudentHub | undefined {
    const hub = this.hubs.get(studentId);
    if (!hub) return undefined;
    hub.terminal?.close();
    hub.terminal = undefined;
    if (hub.clients.size > 0) return hub;
    this.hubs.delete(studentId);
    return undefined;
  }

  /** Called when the student's cluster is removed: its node shells went with it. */
  dropCluster(studentId: string): void {
    const hub = this.hubs.get(studentId);
    if (!hub) return;
    for (const terminal of hub.nodeTerminals.values()) terminal.close();
    hub.nodeTerminals.clear();
    hub.broadcast({ type: "cluster.status", state: "stopped", message: "Your three-node cluster was stopped." });
    if (hub.clients.size === 0) this.hubs.delete(studentId);
  }

  all(): StudentHub[] {
    return [...this.hubs.values()];
  }
}
