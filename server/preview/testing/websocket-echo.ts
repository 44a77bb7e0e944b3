/** For tests of websockets through the preview: a server a learner engine can run with nothing added. */
import { WebSocket } from "ws";

/**
 * A websocket echo server on $ARGV[0] with nothing but perl-base and coreutils: a text frame comes
 * back as "echo:<text>", "whoami" as the handshake the server received, binary as it came; a close
 * is answered. One process per connection.
 */
export const WEBSOCKET_ECHO_SERVER = String.raw`use strict; use IO::Socket::INET;
$SIG{CHLD} = "IGNORE";
my $l = IO::Socket::INET->new(LocalPort => $ARGV[0], Listen => 16, ReuseAddr => 1, Proto => "tcp") or die "listen: $!";
sub b64 { my $s = shift; my @c = ("A".."Z", "a".."z", "0".."9", "+", "/"); my $pad = (3 - length($s) % 3) % 3; $s .= "\0" x $pad; my $r = "";
  for (my $i = 0; $i < length $s; $i += 3) { my $n = unpack("N", "\0" . substr($s, $i, 3)); $r .= join "", map { $c[($n >> (18 - 6 * $_)) & 63] } 0 .. 3 }
  substr($r, -$pad) = "=" x $pad if $pad; $r }
our $c;
sub rd { my $n = shift; my $b = ""; while (length $b < $n) { my $r = sysread($c, my $x, $n - length $b); exit 0 unless $r; $b .= $x } $b }
sub frame { my ($op, $p) = @_; my $n = length $p; syswrite $c, pack("C", 0x80 | $op) . ($n < 126 ? pack("C", $n) : $n < 65536 ? pack("Cn", 126, $n) : pack("CNN", 127, 0, $n)) . $p }
while (my $new = $l->accept) {
  if (fork) { close $new; next }
  $c = $new; binmode $c;
  my $h = ""; until ($h =~ /\r\n\r\n/) { sysread($c, my $x, 1) or exit 0; $h .= $x; exit 0 if length $h > 16384 }
  my ($k) = $h =~ /^Sec-WebSocket-Key:[ \t]*([A-Za-z0-9+\/=]{16,64})[ \t]*\r$/mi or exit 0;
  my $hex = ${"`"}printf '%s' '${"${k}"}258EAFA5-E914-47DA-95CA-C5AB0DC85B11' | sha1sum${"`"};
  syswrite $c, "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: " . b64(pack("H40", $hex)) . "\r\n\r\n";
  for (;;) {
    my ($b1, $b2) = unpack("CC", rd(2)); my $op = $b1 & 15; my $n = $b2 & 127;
    if ($n == 126) { $n = unpack("n", rd(2)) } elsif ($n == 127) { my ($hi, $lo) = unpack("NN", rd(8)); $n = $hi * 4294967296 + $lo }
    my $m = $b2 & 128 ? rd(4) : "\0\0\0\0"; my $p = $n ? rd($n) : "";
    $p = $p ^ substr($m x (int($n / 4) + 1), 0, $n);
    if ($op == 8) { frame(8, substr($p, 0, 2)); exit 0 }
    if ($op == 9) { frame(10, $p); next }
    $p = $op == 1 ? ($p eq "whoami" ? $h : "echo:$p") : $p;
    frame($op, $p);
  }
}`;

/** A websocket opened through the workbench on `port` as the student's preview page would (the workbench's origin); resolves once open, with the time it took, or rejects with the handshake's status. */
export function openPreviewSocket(port: number, pathname: string, cookie: string): Promise<{ ws: WebSocket; openMs: number }> {
  const began = performance.now();
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}${pathname}`, { headers: { cookie, origin: `http://127.0.0.1:${port}` } });
    ws.once("open", () => resolve({ ws, openMs: performance.now() - began }));
    ws.once("unexpected-response", (_req, res) => reject(new Error(`status ${res.statusCode}`)));
    ws.once("error", reject);
  });
}

export const nextMessage = (ws: WebSocket) => new Promise<string>((resolve) => ws.once("message", (data) => resolve(String(data))));

export const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/**
 * What the tests measure and check on an open socket to the echo server: 10 handshakes (each a new
 * connection to the engine, through `reopen`), 50 round trips on `ws` (each echo checked), and a
 * 300 kB binary message that must come back byte for byte.
 */
export async function exerciseEchoSocket(
  ws: WebSocket,
  reopen: () => Promise<{ ws: WebSocket; openMs: number }>,
): Promise<{ openMs: number[]; roundTripMs: number[]; wrongEchoes: number; binaryIntact: boolean }> {
  const openMs: number[] = [];
  for (let i = 0; i < 10; i++) {
    const again = await reopen();
    openMs.push(again.openMs);
    again.ws.close();
  }
  const roundTripMs: number[] = [];
  let wrongEchoes = 0;
  for (let i = 0; i < 50; i++) {
    const began = performance.now();
    ws.send(`ping ${i}`);
    if ((await nextMessage(ws)) !== `echo:ping ${i}`) wrongEchoes++;
    roundTripMs.push(performance.now() - began);
  }
  const big = Buffer.from(Array.from({ length: 300_000 }, (_, i) => (i * 13) % 256));
  const back = new Promise<Buffer>((resolve) => ws.once("message", (data) => resolve(data as Buffer)));
  ws.send(big);
  return { openMs, roundTripMs, wrongEchoes, binaryIntact: (await back).equals(big) };
}
