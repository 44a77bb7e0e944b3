/**
 * Reaching a port published in a learner's engine when the engine's address is not routed from the
 * server (an engine placed on another swarm node, docs/scale-out.md): one long-lived relay per
 * engine, exec'd inside the engine container through the node's Docker API (the API the server
 * already uses for terminals and dial-stdio), carries every connection to its ports. Each
 * connection is a channel over the relay's stdin/stdout; the relay connects it to
 * 127.0.0.1:<port> there and copies bytes both ways. Nothing new listens on the node or its
 * network, and a new connection costs one frame each way instead of an exec (two API calls).
 *
 * The relay is Perl from the image's perl-base (no package added to the engine image), run as the
 * engine's unprivileged user. Before any byte of a connection, it says whether the connection was
 * made, so a closed port is ECONNREFUSED as it would be on the network, and the preview's watch can
 * probe without sending the site anything. Its connects are non-blocking, in the loop that copies
 * the bytes: a port that neither accepts nor refuses delays only its own channel, up to its timeout.
 *
 * The relay runs where the student has a shell: what it sends is hostile. Frames are bounded, each
 * channel has a window (neither side sends more than WINDOW bytes the other has not taken), a
 * frame that breaks the protocol ends that engine's relay (its connections fail, the next one
 * starts a new relay), never anything else. The relay ends when its stdin closes: when the tunnel
 * is destroyed with the engine, after IDLE_MS without a connection, or when the server goes.
 *
 * Frames, both ways: type (1 byte), channel (4 bytes), payload length (4 bytes), payload.
 *   server → relay: OPEN(port, 2 bytes) DATA EOF CLOSE ACK(bytes taken, 4 bytes)
 *   relay → server: CONNECTED REFUSED("refused" | "failed: why") DATA EOF CLOSE ACK
 */
import http from "node:http";
import type { Duplex } from "node:stream";
import type Docker from "dockerode";
import type { Logger } from "../logger";
import { ExecTunnelSocket, SocketLikeDuplex } from "./exec-tunnel-agent";

const OPEN = 1;
const DATA = 2;
const EOF = 3;
const CLOSE = 4;
const ACK = 5;
const CONNECTED = 6;
const REFUSED = 7;

/** Bytes either side may send on a channel before the other says it took them. */
export const WINDOW = 256 * 1024;
/** The relay never sends a larger payload (its reads are 64 KiB): a larger one is a broken or forged relay. */
const MAX_PAYLOAD = 65_536;
/** Connections open at once into one engine (the preview's agent keeps 6; probes and the grader add a few). */
export const MAX_CHANNELS = 64;
/** A relay with no connection for this long is ended (the preview's watch probes every 4 s while a page is open). */
export const IDLE_MS = 60_000;
const HANDSHAKE_TIMEOUT_MS = 10_000;

/** How long the relay waits for a port in the engine to accept (one channel's connect; the others go on meanwhile). */
export const CONNECT_TIMEOUT_MS = 5_000;

/**
 * Runs until its stdin closes: ARGV = window, most channels, connect timeout (seconds). See the frame layout above.
 * Connects are non-blocking, in the same select loop as the copying: a port that neither accepts nor refuses (a stopped
 * process, a full backlog) keeps only its own channel waiting, until its timeout ("failed: Connection timed out").
 */
export const PORT_RELAY_SCRIPT = [
  "use strict; use IO::Handle; use IO::Select; use POSIX (); use Socket qw(PF_INET SOCK_STREAM SOL_SOCKET SO_ERROR IPPROTO_TCP TCP_NODELAY pack_sockaddr_in inet_aton);",
  '$SIG{PIPE} = "IGNORE"; binmode STDIN; binmode STDOUT;',
  'my ($W, $MAXC, $T) = @ARGV; my (%c, %byfd, %pend); my $in = ""; my $rs = IO::Select->new(\\*STDIN); my $ws = IO::Select->new;',
  // A monotonic clock that perl-base has (Time::HiRes is not in it): the elapsed clock ticks times() returns.
  "my $HZ = POSIX::sysconf(POSIX::_SC_CLK_TCK()) || 100; sub now { (POSIX::times())[0] / $HZ }",
  'sub put { my $b = pack("CNN", $_[0], $_[1], length $_[2]) . $_[2]; while (length $b) { my $n = syswrite(STDOUT, $b); exit 0 unless defined $n; substr($b, 0, $n) = "" } }',
  'sub drop { my ($id, $say) = @_; my $k = delete $c{$id} or return; delete $pend{$id}; $rs->remove($k->{s}); $ws->remove($k->{s}); delete $byfd{fileno $k->{s}}; close $k->{s}; put(4, $id, "") if $say }',
  "sub done { my ($id) = @_; my $k = $c{$id}; drop($id, 1) if $k->{rd} && $k->{ein} && !length $k->{out} }",
  // A connect's outcome ($e an errno, 0 when made): refused or failed ends the channel with that answer; made starts its copying.
  "sub made { my ($id, $e) = @_; my $k = $c{$id}; delete $pend{$id}; $ws->remove($k->{s});",
  '  if ($e) { $! = $e; my $why = $!{ECONNREFUSED} ? "refused" : "failed: $!"; drop($id, 0); return put(7, $id, $why) }',
  // A frame's data goes out at once: with Nagle's algorithm a second small write waited for the site's delayed ACK (40 ms a round trip).
  '  setsockopt($k->{s}, IPPROTO_TCP, TCP_NODELAY, 1); put(6, $id, ""); $rs->add($k->{s});',
  "  if (length $k->{out}) { $ws->add($k->{s}) } elsif ($k->{ein}) { shutdown($k->{s}, 1); done($id) } }",
  "sub frame { my ($t, $id, $p) = @_; my $k = $c{$id};",
  '  if ($t == 1) { return put(7, $id, "failed: too many connections") if keys %c >= $MAXC;',
  '    socket(my $s, PF_INET, SOCK_STREAM, 0) or return put(7, $id, "failed: $!"); $s->blocking(0); binmode $s;',
  '    $c{$id} = { s => $s, cr => $W, out => "" }; $byfd{fileno $s} = $id;',
  '    if (connect($s, pack_sockaddr_in(unpack("n", $p), inet_aton("127.0.0.1")))) { made($id, 0) }',
  "    elsif ($!{EINPROGRESS}) { $pend{$id} = now() + $T; $ws->add($s) } else { made($id, $! + 0) } return }",
  "  return unless $k;",
  // Until its connect is made, a channel keeps what the server sends (the server sends nothing before "connected").
  "  if ($t == 2) { $k->{out} .= $p; return drop($id, 1) if length $k->{out} > 2 * $W; $ws->add($k->{s}) }",
  "  elsif ($t == 3) { $k->{ein} = 1; unless (length $k->{out} || $pend{$id}) { shutdown($k->{s}, 1); done($id) } }",
  "  elsif ($t == 4) { drop($id, 0) }",
  '  elsif ($t == 5) { $k->{cr} += unpack("N", $p); $rs->add($k->{s}) if $k->{cr} > 0 && !$k->{rd} && !$pend{$id} } }',
  "for (;;) { my $wait; if (%pend) { my $now = now();",
  "    for my $id (keys %pend) { my $left = $pend{$id} - $now; if ($left <= 0) { made($id, POSIX::ETIMEDOUT()) } elsif (!defined $wait || $left < $wait) { $wait = $left } } }",
  "  my ($r, $w) = IO::Select->select($rs, $ws, undef, $wait); next unless $r;",
  "  for my $fh (@$w) { my $id = $byfd{fileno($fh) // -1} // next; my $k = $c{$id};",
  '    if ($pend{$id}) { my $e = getsockopt($fh, SOL_SOCKET, SO_ERROR); made($id, defined $e ? unpack("i", $e) : $! + 0); next }',
  "    my $n = syswrite($fh, $k->{out});",
  "    unless (defined $n) { drop($id, 1) unless $!{EAGAIN}; next }",
  '    substr($k->{out}, 0, $n) = ""; put(5, $id, pack("N", $n));',
  "    unless (length $k->{out}) { $ws->remove($fh); if ($k->{ein}) { shutdown($fh, 1); done($id) } } }",
  "  for my $fh (@$r) {",
  "    my $fd = fileno($fh) // next; if ($fd == 0) { my $n = sysread(STDIN, $in, 65536, length $in); exit 0 unless $n;",
  '      while (length $in >= 9) { my ($t, $id, $len) = unpack("CNN", $in); exit 1 if $len > 1048576; last if length $in < 9 + $len;',
  '        my $p = substr($in, 9, $len); substr($in, 0, 9 + $len) = ""; frame($t, $id, $p) }',
  "      next }",
  "    my $id = $byfd{$fd} // next; my $k = $c{$id};",
  "    my $n = sysread($fh, my $buf, $k->{cr} < 65536 ? $k->{cr} : 65536);",
  "    unless (defined $n) { drop($id, 1) unless $!{EAGAIN}; next }",
  '    unless ($n) { $k->{rd} = 1; $rs->remove($fh); put(3, $id, ""); done($id); next }',
  "    $k->{cr} -= $n; put(2, $id, $buf); $rs->remove($fh) if $k->{cr} <= 0 } }",
].join("\n");

export interface EnginePortTarget {
  container: Docker.Container;
  /** The engine's unprivileged user: the relay needs no rights. */
  user: string;
  /** Where a relay that broke the protocol or ended on its own is reported. */
  log?: Logger;
  /** How long the relay waits for a port in the engine to accept a connection (CONNECT_TIMEOUT_MS), then answers "failed: Connection timed out". */
  connectTimeoutMs?: number;
  /** How long a connection waits for the relay's answer (HANDSHAKE_TIMEOUT_MS, longer than the relay's connect timeout). */
  handshakeTimeoutMs?: number;
  /** How long a relay without connections lives on (IDLE_MS). */
  idleMs?: number;
}

function tunnelError(message: string, code: string): Error {
  return Object.assign(new Error(message), { code });
}

function frame(type: number, channel: number, payload: Buffer = Buffer.alloc(0)): Buffer {
  const header = Buffer.alloc(9);
  header[0] = type;
  header.writeUInt32BE(channel, 1);
  header.writeUInt32BE(payload.length, 5);
  return Buffer.concat([header, payload]);
}

const printable = (text: string) => text.replace(/[^\x20-\x7e]/g, "?").slice(0, 200);

/** One connection to a port in the engine, as a socket for http.Agent. */
class RelayChannel extends SocketLikeDuplex {
  connected = false;
  private received = 0;
  private acked = 0;
  private credit = WINDOW;
  private pendingWrite: { rest: Buffer; callback: (error?: Error | null) => void } | undefined;
  private ended = false;
  private remoteClosed = false;

  constructor(
    private readonly mux: RelayMux,
    readonly id: number,
    private readonly port: number,
  ) {
    // As a net.Socket: when the engine's side ends, ours ends too (an idle kept-alive connection the site closed leaves the agent's pool).
    super({ readableHighWaterMark: WINDOW, allowHalfOpen: false });
  }

  onData(payload: Buffer): void {
    if (!this.connected || this.ended) return this.mux.broken(`data on channel ${this.id} ${this.ended ? "after its end" : "before it connected"}`);
    if (this.received - this.acked + payload.length > WINDOW) return this.mux.broken(`more than its window on channel ${this.id}`);
    this.received += payload.length;
    this.bumpIdle();
    this.push(payload);
    this.ackTaken();
  }

  onEof(): void {
    if (!this.connected || this.ended) return this.mux.broken(`a second end on channel ${this.id}`);
    this.ended = true;
    this.push(null);
  }

  onAck(bytes: number): void {
    this.credit += bytes;
    if (this.credit > WINDOW) return this.mux.broken(`an acknowledgement of bytes never sent on channel ${this.id}`);
    this.flush();
  }

  /** The relay dropped the connection: after its end, a normal close; before, a reset. */
  onClose(): void {
    this.remoteClosed = true;
    if (!this.connected) return; // never made: its opener fails and destroys it
    if (!this.ended) this.destroy(tunnelError(`the connection to port ${this.port} in the engine was reset`, "ECONNRESET"));
    else if (this.pendingWrite) this.destroy();
  }

  /** Tells the relay what the reader took, so it may send as much again. */
  private ackTaken(): void {
    const taken = this.received - this.readableLength - this.acked;
    if (taken > 0 && (taken >= WINDOW / 4 || this.readableLength === 0)) {
      this.acked += taken;
      const payload = Buffer.alloc(4);
      payload.writeUInt32BE(taken);
      this.mux.send(ACK, this.id, payload);
    }
  }

  override _read(): void {
    this.ackTaken();
  }

  // _read is not called again until the next push: each read is where the reader takes bytes.
  override read(size?: number): unknown {
    const chunk: unknown = super.read(size);
    this.ackTaken();
    return chunk;
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.bumpIdle();
    this.pendingWrite = { rest: chunk, callback };
    this.flush();
  }

  private flush(): void {
    const pending = this.pendingWrite;
    while (pending && pending.rest.length && this.credit > 0) {
      const size = Math.min(this.credit, MAX_PAYLOAD, pending.rest.length);
      this.mux.send(DATA, this.id, pending.rest.subarray(0, size));
      this.credit -= size;
      pending.rest = pending.rest.subarray(size);
    }
    if (pending && !pending.rest.length) {
      this.pendingWrite = undefined;
      pending.callback();
    }
  }

  override _final(callback: (error?: Error | null) => void): void {
    if (!this.remoteClosed) this.mux.send(EOF, this.id);
    callback();
  }

  override _destroy(error: Error | null, callback: (error: Error | null) => void): void {
    this.stopIdle();
    this.pendingWrite = undefined;
    if (!this.remoteClosed) this.mux.send(CLOSE, this.id);
    this.remoteClosed = true;
    this.mux.forget(this.id);
    callback(error);
  }
}

/** One relay exec'd in the engine, and the channels it carries. */
class RelayMux {
  private readonly channels = new Map<number, RelayChannel>();
  private readonly opening = new Map<number, { port: number; resolve: () => void; reject: (error: Error) => void }>();
  private nextId = 1;
  private carrier: ExecTunnelSocket | undefined;
  private readonly started: Promise<ExecTunnelSocket>;
  private pending: Buffer = Buffer.alloc(0);
  private idleTimer: NodeJS.Timeout | undefined;
  private gone = false;

  constructor(
    private readonly target: EnginePortTarget,
    private readonly onGone: (mux: RelayMux) => void,
  ) {
    this.started = this.start();
    this.started.catch((error: unknown) => this.end(tunnelError(`the tunnel into the engine could not start: ${String((error as Error)?.message ?? error)}`, "ETUNNEL")));
  }

  private async start(): Promise<ExecTunnelSocket> {
    const exec = await this.target.container.exec({
      Cmd: ["perl", "-e", PORT_RELAY_SCRIPT, String(WINDOW), String(MAX_CHANNELS), String((this.target.connectTimeoutMs ?? CONNECT_TIMEOUT_MS) / 1000)],
      AttachStdin: true,
      AttachStdout: true,
      AttachStderr: true,
      Tty: false,
      User: this.target.user,
    });
    const raw = (await exec.start({ hijack: true, stdin: true })) as unknown as Duplex;
    // The node's API over TCP: a small frame (an ACK) must not hold the next one back until the node's delayed ACK (40 ms).
    (raw as Partial<{ setNoDelay(noDelay: boolean): unknown }>).setNoDelay?.(true);
    const carrier = new ExecTunnelSocket(raw);
    if (this.gone) {
      carrier.destroy();
      throw tunnelError("the tunnel into the engine was closed", "ETUNNEL");
    }
    this.carrier = carrier;
    carrier.on("data", (chunk: Buffer) => this.receive(chunk));
    carrier.on("error", (error: Error) => this.end(tunnelError(`the tunnel into the engine failed: ${error.message}`, "ETUNNEL")));
    carrier.on("close", () => {
      const said = carrier.stderrText.trim();
      this.end(tunnelError(`the tunnel into the engine closed${said ? `: ${printable(said)}` : ""}`, "ETUNNEL"), !this.gone);
    });
    return carrier;
  }

  get alive(): boolean {
    return !this.gone;
  }

  /** A connection to the port in the engine: resolves once the relay says it connected, rejects with ECONNREFUSED when nothing listens there. */
  async open(port: number): Promise<RelayChannel> {
    if (this.channels.size >= MAX_CHANNELS) throw tunnelError(`too many connections into the engine (${MAX_CHANNELS})`, "ETUNNEL");
    clearTimeout(this.idleTimer);
    const id = this.nextId++;
    const channel = new RelayChannel(this, id, port);
    this.channels.set(id, channel);
    const connected = new Promise<void>((resolve, reject) => this.opening.set(id, { port, resolve, reject }));
    const waitMs = this.target.handshakeTimeoutMs ?? HANDSHAKE_TIMEOUT_MS;
    const timer = setTimeout(() => this.settle(id, tunnelError(`no answer from the engine within ${waitMs / 1000} s for port ${port}`, "ETIMEDOUT")), waitMs);
    try {
      await this.started;
      const payload = Buffer.alloc(2);
      payload.writeUInt16BE(port);
      this.send(OPEN, id, payload);
      await connected;
      return channel;
    } catch (error) {
      this.settle(id, error as Error);
      channel.destroy();
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  private settle(id: number, error?: Error): void {
    const waiting = this.opening.get(id);
    if (!waiting) return;
    this.opening.delete(id);
    if (error) waiting.reject(error);
    else waiting.resolve();
  }

  send(type: number, id: number, payload?: Buffer): void {
    if (!this.gone && this.carrier && !this.carrier.destroyed) this.carrier.write(frame(type, id, payload));
  }

  forget(id: number): void {
    this.channels.delete(id);
    if (this.channels.size === 0 && !this.gone) {
      clearTimeout(this.idleTimer);
      this.idleTimer = setTimeout(() => this.end(), this.target.idleMs ?? IDLE_MS);
      this.idleTimer.unref();
    }
  }

  private receive(chunk: Buffer): void {
    this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    while (!this.gone && this.pending.length >= 9) {
      const type = this.pending[0]!;
      const id = this.pending.readUInt32BE(1);
      const size = this.pending.readUInt32BE(5);
      if (size > MAX_PAYLOAD) return this.broken(`a frame of ${size} bytes`);
      if (this.pending.length < 9 + size) break;
      const payload = this.pending.subarray(9, 9 + size);
      this.pending = this.pending.subarray(9 + size);
      this.dispatch(type, id, payload);
    }
  }

  private dispatch(type: number, id: number, payload: Buffer): void {
    if (id === 0 || id >= this.nextId) return this.broken(`a frame for channel ${id}, never opened`);
    const channel = this.channels.get(id);
    if (!channel) return; // closed here while the relay was still sending: its last frames are dropped
    const waiting = this.opening.get(id);
    if (type === CONNECTED || type === REFUSED) {
      if (!waiting || channel.connected) return this.broken(`a second answer for channel ${id}`);
      if (type === CONNECTED) {
        channel.connected = true;
        return this.settle(id);
      }
      const said = printable(payload.toString("latin1"));
      const error =
        said === "refused"
          ? tunnelError(`connect ECONNREFUSED 127.0.0.1:${waiting.port} (in the engine)`, "ECONNREFUSED")
          : tunnelError(`the engine's port ${waiting.port} could not be reached: ${said}`, "ETUNNEL");
      channel.onClose();
      return this.settle(id, error);
    }
    if (type === DATA) return channel.onData(payload);
    if (type === EOF) return channel.onEof();
    if (type === ACK) return payload.length === 4 ? channel.onAck(payload.readUInt32BE(0)) : this.broken(`an acknowledgement of ${payload.length} bytes`);
    if (type === CLOSE) {
      if (waiting) return this.settle(id, tunnelError(`the engine's relay closed the connection to port ${waiting.port} before it was made`, "ETUNNEL"));
      return channel.onClose();
    }
    return this.broken(`a frame of unknown type ${type}`);
  }

  /** The relay broke the protocol: it and its connections end here; nothing else does. */
  broken(what: string): void {
    if (this.gone) return;
    this.target.log?.warn("engine port relay broke the protocol: ended", { what });
    this.end(tunnelError(`the engine's relay sent ${what}`, "ETUNNEL"));
  }

  /** Ends the relay (its stdin closes, so it exits in the engine) and every connection it carried. */
  end(error?: Error, unexpected = false): void {
    if (this.gone) return;
    this.gone = true;
    clearTimeout(this.idleTimer);
    if (unexpected && this.channels.size) this.target.log?.warn("engine port relay ended with connections open", { error: error?.message });
    const failure = error ?? tunnelError("the tunnel into the engine was closed", "ETUNNEL");
    for (const [id, channel] of this.channels) {
      // A connection not yet handed over fails by its promise; one in use, as a socket does.
      if (this.opening.has(id)) {
        this.settle(id, failure);
        channel.destroy();
      } else channel.destroy(failure);
    }
    this.channels.clear();
    this.carrier?.end();
    this.carrier?.destroy();
    this.onGone(this);
  }
}

/**
 * An http.Agent for one engine: requests to any host name on port P go to 127.0.0.1:P inside the
 * engine, over its relay. `probe(port)` says whether something accepts connections there.
 */
export class EnginePortTunnel extends http.Agent {
  private mux: RelayMux | undefined;
  private closed = false;

  constructor(private readonly target: EnginePortTarget) {
    super({ keepAlive: true, maxSockets: 6, timeout: 30_000 });
  }

  async connect(port: number): Promise<Duplex> {
    if (!Number.isInteger(port) || port < 1 || port > 65535) throw tunnelError(`not a port: ${port}`, "EINVAL");
    if (this.closed) throw tunnelError("the engine is gone: its tunnel is closed", "ETUNNEL");
    if (!this.mux?.alive) {
      this.mux = new RelayMux(this.target, (mux) => {
        if (this.mux === mux) this.mux = undefined;
      });
    }
    return this.mux.open(port);
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

  /** The engine is gone (or the server stops): its relay ends, and no new one starts. */
  override destroy(): void {
    this.closed = true;
    this.mux?.end();
    super.destroy();
  }
}
