/**
 * One browser socket: decode every frame, dispatch by type, answer bad frames with an error, and
 * keep the student's shell and engine wired to it while it lives.
 */
import type { WebSocket } from "ws";
import { decodeClientMessage, encodeMessage, type ClientMessage, type ClusterNodeId, type ServerMessage } from "../../lib/protocol/messages";
import type { EngineManager, LearnerEngine } from "../sandbox/engine-manager";
import { CLUSTER_DISABLED_MESSAGE, type ClusterManager, type LearnerCluster } from "../sandbox/cluster-manager";
import type { TerminalSession, TerminalListener } from "../sandbox/terminal-session";
import { DEFAULT_SHELL_SIZE, openNodeShell, openStudentShell, startShellAhead } from "./student-shell";
import type { HubRegistry, HubClient } from "./student-hub";
import { runCheckForStudent } from "../grading-services/check-service";
import { watchPreview } from "./preview-watch";
import { submitForGrading } from "../grading-services/submit-service";
import type { SubmissionArchive } from "../grading-services/submission-archive";
import { lintForStudent } from "../grading-services/lint-service";
import { AppError } from "../app-error";
import type { Logger } from "../logger";
import { listUnresolvedInterruptedRuns } from "../db/repositories";
import { withMessageText } from "./message-text";
import { englishOf } from "../../lib/i18n/render-text";

export interface ConnectionDeps {
  engines: EngineManager;
  /** Step 9's three-node clusters; absent or disabled: node terminals are refused with a message. */
  clusters?: ClusterManager;
  hubs: HubRegistry;
  log: Logger;
  /** Where submissions' files are kept until graded, so that a restart grades them again. */
  submissions?: SubmissionArchive;
  /** The lessons' preview ports: the only ones a page may ask to watch (preview.watch). */
  previewPorts?: ReadonlySet<number>;
}

/** What a page is told when the student's engine container is gone (the host's Docker restarted, out of memory…). */
export const ENGINE_LOST_MESSAGE = "Your Docker engine stopped: the Docker service on the server restarted or the engine failed. Your files are safe. Press Try again for a new engine.";

const EARLY_INPUT_MAX = 16 * 1024;
/** Unsent terminal output a page's socket may hold before the shell is paused for it. */
const TERMINAL_SEND_BUFFER_BYTES = 1024 * 1024;

/**
 * `upgradeMs`: how long the upgrade request took to become this socket (its checks, the session);
 * logged with the first ready message, whose time is the server's side of a page's engine wait.
 */
export function handleConnection(socket: WebSocket, studentId: string, deps: ConnectionDeps, browserHost?: string, upgradeMs?: number): void {
  const openedAt = performance.now();
  const log = deps.log.child({ studentId });
  const hub = deps.hubs.get(studentId);
  let size = { ...DEFAULT_SHELL_SIZE };
  const client: HubClient = {
    send: (message: ServerMessage) => {
      // Said in the student's language by the page when the message is one of the catalog's.
      if (socket.readyState === socket.OPEN) socket.send(encodeMessage(withMessageText(message)));
    },
    reattachTerminal: async () => {
      client.send({ type: "terminal.reset", ...(node ? { node } : {}) });
      await attachTerminal(size.cols, size.rows, 0, node);
    },
  };
  hub.addClient(client);
  hub.replayCheck(client); // a run in progress (this tab reloaded, or another tab started it)
  deps.engines.acquire(studentId);
  let detachTerminal: (() => void) | undefined;
  let stopPreviewWatch: (() => void) | undefined;
  let closed = false;
  /** Keys typed while the engine or shell was still starting: sent once the shell is attached. */
  let earlyInput = "";
  /** The cluster node this page's terminal shows (undefined: the student's own engine). */
  let node: ClusterNodeId | undefined;
  let usingCluster = false;

  /**
   * An engine whose container died (e.g. the host's Docker restarted) is replaced, never handed out.
   * One look at a time per student: a second caller meanwhile (the page's attach, another tab) would
   * otherwise remove the new engine the first one started.
   */
  const dropDeadEngine = (): Promise<void> =>
    (hub.engineCheck ??= (async () => {
      if (!deps.engines.current(studentId) || (await deps.engines.isAlive(studentId))) return;
      log.warn("engine container gone: removing it so that a new one starts");
      await deps.engines.remove(studentId).catch((error: unknown) => log.warn("could not remove a dead engine", { error: String(error) }));
    })().finally(() => {
      hub.engineCheck = undefined;
    }));

  const ensureEngine = () =>
    deps.engines.ensure(studentId, (state, message, queue) =>
      client.send({
        type: "engine.status",
        state,
        message,
        ...(queue ? { queue: { position: queue.position, limit: queue.limit, ...(queue.etaMs === undefined ? {} : { etaMs: queue.etaMs }) } } : {}),
      }),
    );
  const tellReady = (engine: LearnerEngine): LearnerEngine => {
    const message = engine.fromPool ? "Your Docker engine is ready." : `Your Docker engine is ready (started in ${(engine.readyMs / 1000).toFixed(1)} s).`;
    client.send({ type: "engine.status", state: "ready", message });
    return engine;
  };
  /**
   * The student's engine when it is known to run now, so that a reload, a second tab or a reconnect
   * is told "ready" at once, with no "starting" and no look at Docker: their shell runs in it (its
   * exec stream ends when the container does), or the manager saw it running moments ago. A shell
   * that has ended may have ended with the engine: then it is looked at, as before.
   */
  const knownReadyEngine = (): LearnerEngine | undefined => {
    const shell = hub.terminal;
    if (shell?.isExited) return undefined;
    const engine = deps.engines.current(studentId);
    return engine && shell ? engine : deps.engines.knownAlive(studentId);
  };
  // Without an engine yet, asked at once: a page joining a queue hears its place in the same tick.
  const reportEngine = (): Promise<LearnerEngine | undefined> => {
    const known = knownReadyEngine();
    if (known) return Promise.resolve(tellReady(known));
    return (deps.engines.current(studentId) ? dropDeadEngine().then(ensureEngine) : ensureEngine()).then(tellReady).catch((error: unknown) => {
      const message = error instanceof AppError ? error.userMessage : "Your Docker engine could not be started.";
      if (closed) log.info("page closed before its engine started", { error: String(error) });
      else log.error("engine unavailable", { error: String(error) });
      client.send({ type: "engine.status", state: "error", message });
      return undefined;
    });
  };

  const reportCluster = (): Promise<LearnerCluster | undefined> => {
    const clusters = deps.clusters;
    if (!clusters?.enabled) {
      client.send({ type: "cluster.status", state: "error", message: CLUSTER_DISABLED_MESSAGE });
      return Promise.resolve(undefined);
    }
    if (!usingCluster) {
      usingCluster = true;
      clusters.acquire(studentId);
    }
    return clusters
      .ensure(studentId, (message) => client.send({ type: "cluster.status", state: "starting", message }))
      .then((cluster) => {
        client.send({
          type: "cluster.status",
          state: "ready",
          message: `Your three-node cluster is ready (started in ${(cluster.readyMs / 1000).toFixed(1)} s).`,
          nodes: cluster.nodes.map((n) => ({ name: n.name, ip: n.clusterIp, manager: n.manager })),
          ipvs: cluster.ipvs.available,
        });
        return cluster;
      })
      .catch((error: unknown) => {
        const message = error instanceof AppError ? error.userMessage : "Your three-node cluster could not be started.";
        log.error("cluster unavailable", { error: String(error) });
        client.send({ type: "cluster.status", state: "error", message });
        return undefined;
      });
  };

  async function terminalFor(target: ClusterNodeId | undefined, cols: number, rows: number): Promise<TerminalSession | undefined> {
    if (!target) {
      const engine = await reportEngine();
      if (!engine || closed) return undefined;
      return openStudentShell(hub, engine, cols, rows).catch(async (error: unknown) => {
        // Told ready without a look at Docker, the engine may have died since: the page is told so, as when its shell ends.
        if (await deps.engines.isAlive(studentId)) throw error;
        log.warn("engine lost before its shell opened", { error: String(error) });
        client.send({ type: "engine.status", state: "error", message: ENGINE_LOST_MESSAGE });
        return undefined;
      });
    }
    const cluster = await reportCluster();
    const clusterNode = cluster?.nodes.find((n) => n.name === target);
    return clusterNode && !closed ? openNodeShell(hub, target, clusterNode.container, cols, rows) : undefined;
  }

  /** The shell this page types into: its node's, or the engine's. */
  const currentTerminal = (): TerminalSession | undefined => (node ? hub.nodeTerminals.get(node) : hub.terminal);

  async function attachTerminal(cols: number, rows: number, lastSeq: number, target?: ClusterNodeId): Promise<void> {
    size = { cols, rows };
    // Keys typed from now on are meant for the shell being attached (kept until it is there).
    if (target !== node) {
      detachTerminal?.();
      detachTerminal = undefined;
      earlyInput = "";
    }
    node = target;
    const terminal = await terminalFor(target, cols, rows);
    if (!terminal || closed || node !== target) return;
    detachTerminal?.();
    const tag = target ? { node: target } : {};
    const listener: TerminalListener = {
      output: (chunk) => {
        // A command printing in the student's shell (a long docker build) is activity too: that engine does not yield meanwhile.
        if (!target) deps.engines.noteActivity(studentId);
        client.send({ type: "terminal.output", data: chunk.data, seq: chunk.seq, ...tag });
      },
      exit: (message) => {
        client.send({ type: "terminal.exit", message, ...tag });
        if (!target) void reportIfEngineLost();
      },
      // Backpressure: the shell waits while this page's socket holds too much unsent output.
      congested: () => socket.bufferedAmount > TERMINAL_SEND_BUFFER_BYTES,
      stalled: () => {
        log.warn("page stopped reading its terminal: socket closed, the shell goes on", { buffered: socket.bufferedAmount });
        socket.terminate(); // the page reconnects and reattaches from its last sequence number
      },
    };
    const { reset, replay, detach } = terminal.attach(listener, lastSeq);
    detachTerminal = detach;
    if (reset) client.send({ type: "terminal.reset", ...tag });
    for (const chunk of replay) client.send({ type: "terminal.output", data: chunk.data, seq: chunk.seq, ...tag });
    await terminal.resize(cols, rows);
    flushEarlyInput(terminal);
  }

  /** After the shell ended: if the engine itself is gone, the page says so (with Try again), not just "the shell ended". */
  async function reportIfEngineLost(): Promise<void> {
    // The shell's stream may end a moment before Docker reports the container stopped.
    for (const wait of [0, 2_000, 5_000]) {
      await new Promise((resolve) => setTimeout(resolve, wait));
      if (closed || !deps.engines.current(studentId)) return;
      if (await deps.engines.isAlive(studentId)) continue;
      log.warn("engine lost while a page was open");
      client.send({ type: "engine.status", state: "error", message: ENGINE_LOST_MESSAGE });
      return;
    }
  }

  function flushEarlyInput(terminal: TerminalSession): void {
    if (!earlyInput) return;
    const typed = earlyInput;
    earlyInput = "";
    terminal.write(typed);
  }

  /**
   * One Check or Submit for this student, followed by all their tabs. A run that fails is told to
   * every tab (they all show it), with the user's message of the error or a generic one.
   */
  async function runCheck(run: (emit: (message: ServerMessage) => void, abandoned: AbortSignal) => Promise<unknown>): Promise<void> {
    let failure: unknown;
    // A Check or Submit in progress keeps the student's engine from yielding to the queue.
    const done = deps.engines.holdBusy(studentId);
    const ran = await hub
      .runCheck((emit, abandoned) =>
        run(emit, abandoned).catch((error: unknown) => {
          failure = error;
        }),
      )
      .finally(done);
    if (!ran) {
      client.send({ type: "error", code: "check_running", message: "A check is already running for you: its progress is shown here, wait for it to finish." });
      return;
    }
    if (failure === undefined) return;
    const appError = failure instanceof AppError ? failure : undefined;
    if (!appError) log.error("check failed", { error: String(failure) });
    hub.broadcast({ type: "error", code: "check_failed", message: appError?.userMessage ?? "Something went wrong on our side; it has been logged." });
  }

  const dispatch = async (message: ClientMessage) => {
    switch (message.type) {
      case "ping":
        return client.send({ type: "pong", t: message.t });
      case "preview.watch": {
        if (!deps.previewPorts?.has(message.port)) {
          return client.send({ type: "error", code: "bad_message", message: `Port ${message.port} is not a preview port of this course.` });
        }
        stopPreviewWatch?.();
        const port = message.port;
        stopPreviewWatch = watchPreview(
          port,
          () => deps.engines.current(studentId),
          (status) => client.send({ type: "preview.status", port, ...status }),
        );
        return;
      }
      case "terminal.attach":
        return attachTerminal(message.cols, message.rows, message.lastSeq, message.node);
      case "terminal.input": {
        deps.engines.noteActivity(studentId);
        const terminal = currentTerminal();
        if (!terminal) {
          earlyInput = (earlyInput + message.data).slice(0, EARLY_INPUT_MAX);
          // The engine gave its place to a waiting classmate: typing asks for one again (at the end of the queue), in every tab.
          if (!node && hub.takeYielded()) await Promise.all([...hub.clients].map((c) => c.reattachTerminal()));
          return;
        }
        flushEarlyInput(terminal); // in typing order
        return terminal.write(message.data);
      }
      case "terminal.resize":
        size = { cols: message.cols, rows: message.rows };
        return currentTerminal()?.resize(message.cols, message.rows);
      case "terminal.restart": {
        deps.engines.noteActivity(studentId);
        hub.takeYielded();
        if (node) {
          // A node's shell: a new one on that node (other tabs showing it are told it ended).
          hub.nodeTerminals.get(node)?.close();
          hub.nodeTerminals.delete(node);
          return client.reattachTerminal();
        }
        hub.terminal?.close();
        hub.terminal = undefined;
        if (!(await deps.engines.isAlive(studentId))) await deps.engines.remove(studentId);
        // Every tab of this student moves to the new shell, each at its own size.
        await Promise.all([...hub.clients].map((c) => c.reattachTerminal()));
        return;
      }
      case "lint": {
        deps.engines.noteActivity(studentId); // the page lints what the student is editing
        const results = await lintForStudent(studentId, message.step, message.path, message.content);
        return client.send({ type: "lint.result", step: message.step, path: message.path, results });
      }
      case "check.run":
        // A Check nobody follows any more (every tab closed) leaves the build slot queue; a Submit is graded all the same.
        return runCheck((emit, abandoned) => runCheckForStudent(studentId, message.step, deps.engines, emit, log, deps.clusters, browserHost, abandoned));
      case "check.submit":
        return runCheck((emit) => submitForGrading(studentId, message.step, deps.engines, emit, log, { browserHost, clusters: deps.clusters, archive: deps.submissions }));
    }
  };

  socket.on("message", (raw, isBinary) => {
    const decoded = decodeClientMessage(isBinary ? new Uint8Array(raw as Buffer) : String(raw));
    if (!decoded.ok) {
      log.warn("bad websocket message", { error: decoded.error });
      return client.send({ type: "error", code: "bad_message", message: englishOf(decoded.text), text: decoded.text });
    }
    dispatch(decoded.message).catch((error: unknown) => {
      const appError = error instanceof AppError ? error : undefined;
      if (!appError) log.error("message handling failed", { type: decoded.message.type, error: String(error) });
      client.send({
        type: "error",
        code: decoded.message.type === "check.run" || decoded.message.type === "check.submit" ? "check_failed" : (appError?.code ?? "internal"),
        message: appError?.userMessage ?? "Something went wrong on our side; it has been logged.",
      });
    });
  });

  socket.on("close", () => {
    closed = true;
    stopPreviewWatch?.();
    detachTerminal?.();
    hub.removeClient(client);
    deps.engines.release(studentId);
    if (usingCluster) deps.clusters?.release(studentId);
  });

  // The shell starts with the engine, not when the page's terminal (loaded later) attaches to it.
  void reportEngine().then((engine) => {
    if (engine) log.info("engine ready told to the page", { upgradeMs, openToReadyMs: Math.round(performance.now() - openedAt), fromPool: engine.fromPool });
    if (engine && !closed) startShellAhead(hub, engine, log);
  });
  void reportInterruptedRuns();

  /** Runs the server was stopped in the middle of: the page says so (and Check runs them again). */
  async function reportInterruptedRuns(): Promise<void> {
    try {
      for (const run of await listUnresolvedInterruptedRuns(studentId)) {
        client.send({ type: "check.interrupted", runId: run.id, step: run.step, mode: run.mode, message: run.errorMessage ?? "This check was interrupted. Press Check again." });
      }
    } catch (error) {
      log.warn("could not look up interrupted checks", { error: String(error) });
    }
  }
}
