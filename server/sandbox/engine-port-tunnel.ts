/**
 * Reaching a port published in a learner's engine when the engine's address is not routed from the
 * server (an engine placed on another swarm node, docs/scale-out.md): each connection is a small
 * relay exec'd inside the engine container through the node's Docker API (the API the server
 * already uses for terminals and dial-stdio), which connects to 127.0.0.1:<port> there and copies
 * bytes both ways. Nothing new listens on the node or its network.
 *
 * The relay is Perl from the image's perl-base (no package added to the engine image). Before any
 * byte of the connection, it says on stderr whether the connection was made, so a closed port is
 * ECONNREFUSED as it would be on the network, and the preview's watch can probe without sending
 * the site anything. The agent keeps connections alive (a WordPress page's dozens of assets reuse
 * a few relays instead of one exec each).
 */
import http from "node:http";
import type { Duplex } from "node:stream";
import type Docker from "dockerode";
import { ExecTunnelSocket } from "./exec-tunnel-agent";

/** Copies stdin to 127.0.0.1:$ARGV[0] and back; "connected" or why not on stderr first; exits when the port's side ends. */
export const PORT_RELAY_SCRIPT = [
  "use strict; use IO::Socket::INET; use IO::Select;",
  'my $s = IO::Socket::INET->new(PeerAddr => "127.0.0.1", PeerPort => $ARGV[0], Proto => "tcp");',
  'unless ($s) { syswrite STDERR, ($!{ECONNREFUSED} ? "refused\\n" : "failed: $!\\n"); exit 1 }',
  'binmode STDIN; binmode STDOUT; binmode $s; syswrite STDERR, "connected\\n";',
  'sub put { my ($fh, $buf) = @_; while (length $buf) { my $n = syswrite($fh, $buf); return 0 unless defined $n; substr($buf, 0, $n) = "" } 1 }',
  "my $sel = IO::Select->new(\\*STDIN, $s); my $wait;",
  "for (;;) { my @ready = $sel->can_read($wait); exit 0 unless @ready;",
  "  for my $fh (@ready) { my $n = sysread($fh, my $buf, 65536); my $up = fileno($fh) == fileno($s);",
  // The server's side ended: pass the half-close on, read the answer for at most 30 s more.
  "    if (!$n && !$up) { $sel->remove(\\*STDIN); shutdown($s, 1); $wait = 30; next }",
  "    exit 0 unless $n; put($up ? \\*STDOUT : $s, $buf) or exit 0 } }",
].join("\n");

const HANDSHAKE_TIMEOUT_MS = 10_000;

export interface EnginePortTarget {
  container: Docker.Container;
  /** The engine's unprivileged user: the relay needs no rights. */
  user: string;
}

function tunnelError(message: string, code: string): Error {
  return Object.assign(new Error(message), { code });
}

/** Waits for the relay's first stderr line: resolves on "connected", rejects with ECONNREFUSED or the reason otherwise. */
export function relayHandshake(socket: ExecTunnelSocket, port: number, timeoutMs = HANDSHAKE_TIMEOUT_MS): Promise<ExecTunnelSocket> {
  return new Promise((resolve, reject) => {
    let said = "";
    const finish = (error?: Error) => {
      clearTimeout(timer);
      socket.off("stderr", onStderr);
      socket.off("close", onClose);
      socket.off("error", onError);
      if (!error) return resolve(socket);
      socket.destroy();
      reject(error);
    };
    const onStderr = (text: string) => {
      said += text;
      const line = said.split("\n")[0]!;
      if (!said.includes("\n")) {
        if (said.length > 512) finish(tunnelError(`the engine's relay said something unexpected for port ${port}`, "ETUNNEL"));
        return;
      }
      if (line === "connected") finish();
      else if (line === "refused") finish(tunnelError(`connect ECONNREFUSED 127.0.0.1:${port} (in the engine)`, "ECONNREFUSED"));
      else finish(tunnelError(`the engine's port ${port} could not be reached: ${line.slice(0, 200)}`, "ETUNNEL"));
    };
    const onClose = () => finish(tunnelError(`the tunnel into the engine closed before connecting to port ${port}${said ? `: ${said.slice(0, 200)}` : ""}`, "ETUNNEL"));
    const onError = (error: Error) => finish(tunnelError(`the tunnel into the engine failed: ${error.message}`, "ETUNNEL"));
    const timer = setTimeout(() => finish(tunnelError(`no answer from the engine within ${timeoutMs / 1000} s for port ${port}`, "ETIMEDOUT")), timeoutMs);
    socket.on("stderr", onStderr);
    socket.once("close", onClose);
    socket.once("error", onError);
  });
}

/**
 * An http.Agent for one engine: requests to any host name on port P go to 127.0.0.1:P inside the
 * engine. `probe(port)` says whether something accepts connections there.
 */
export class EnginePortTunnel extends http.Agent {
  constructor(private readonly target: EnginePortTarget) {
    super({ keepAlive: true, maxSockets: 6, timeout: 30_000 });
  }

  async connect(port: number): Promise<ExecTunnelSocket> {
    if (!Number.isInteger(port) || port < 1 || port > 65535) throw tunnelError(`not a port: ${port}`, "EINVAL");
    const exec = await this.target.container.exec({
      Cmd: ["perl", "-e", PORT_RELAY_SCRIPT, String(port)],
      AttachStdin: true,
      AttachStdout: true,
      AttachStderr: true,
      Tty: false,
      User: this.target.user,
    });
    const raw = (await exec.start({ hijack: true, stdin: true })) as unknown as Duplex;
    return relayHandshake(new ExecTunnelSocket(raw), port);
  }

  /** Whether something accepts a connection on the port; the connection is closed at once, nothing sent. */
  probe(port: number): Promise<boolean> {
    return this.connect(port).then(
      (socket) => {
        socket.destroy();
        return true;
      },
      () => false,
    );
  }

  // Node's Agent accepts an asynchronous createConnection that reports through the callback.
  createConnection(options: { port?: number | string | null }, callback: (error: Error | null, socket?: Duplex) => void): undefined {
    this.connect(Number(options.port)).then(
      (socket) => callback(null, socket),
      (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
    );
    return undefined;
  }
}
