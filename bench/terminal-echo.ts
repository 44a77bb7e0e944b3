/**
 * Terminal keystroke echo over the real websocket: a new student (GET / for the wb_student
 * cookie), /ws with that cookie (package `ws`), engine.status ready, terminal.attach, the prompt;
 * then single printable characters one at a time (BenchSocket.typeTimed).
 *
 * Baseline: `ping` → `pong` on the same socket (websocket + server, no shell).
 *
 *   npm run bench -- echo        or        npx tsx bench/terminal-echo.ts
 */
import { fmtMs, heading, log, now, runStandalone, sleep, stats, table, type BenchResult, type Stats } from "./lib/common";
import { startBenchWorkbench, studentAtPrompt } from "./lib/workbench";
import { CTRL_U } from "./lib/ws-client";

const SAMPLES = Number(process.env.BENCH_ECHO_SAMPLES ?? 300);
const PINGS = 100;
const ECHO_TIMEOUT_MS = 5_000;

const statsCells = (s: Stats) => [String(s.n), fmtMs(s.median), fmtMs(s.p90), fmtMs(s.p99), fmtMs(s.max), fmtMs(s.min)];

export async function benchTerminalEcho(): Promise<BenchResult> {
  heading("terminal echo over the websocket");
  const wb = await startBenchWorkbench({ ENGINE_POOL_SIZE: "0" });
  const { socket } = await studentAtPrompt(wb);
  log("shell prompt up; measuring");

  const pings: number[] = [];
  for (let i = 0; i < PINGS; i++) {
    const t = Date.now() + i;
    const sent = now();
    socket.send({ type: "ping", t });
    await socket.next("pong", 5_000, (m) => m.t === t);
    pings.push(now() - sent);
  }

  const echoes: number[] = [];
  let misses = 0;
  await socket.typeTimed(SAMPLES, {
    timeoutMs: ECHO_TIMEOUT_MS,
    onEcho: (ms) => echoes.push(ms),
    onMiss: () => misses++,
  });
  socket.send({ type: "terminal.input", data: CTRL_U });
  await sleep(200);
  await socket.closeNow();
  await wb.close();

  const ping = stats(pings);
  const echo = stats(echoes);
  log(
    table(
      ["round trip", "n", "median", "p90", "p99", "max", "min"],
      [
        ["keystroke echo", ...statsCells(echo)],
        ["ping/pong (baseline)", ...statsCells(ping)],
      ],
    ),
  );
  if (misses) log(`${misses} keystroke(s) got no echo within ${fmtMs(ECHO_TIMEOUT_MS)}`);
  return {
    name: "terminal-echo",
    rows: [
      {
        figure: `terminal echo (${echo.n} keys)`,
        value: `median ${fmtMs(echo.median)}`,
        detail: `p90 ${fmtMs(echo.p90)}, p99 ${fmtMs(echo.p99)}, max ${fmtMs(echo.max)}${misses ? `, ${misses} without echo` : ""}`,
      },
      { figure: `ws ping/pong (${ping.n})`, value: `median ${fmtMs(ping.median)}`, detail: `p90 ${fmtMs(ping.p90)}, p99 ${fmtMs(ping.p99)}, max ${fmtMs(ping.max)}` },
    ],
    notes: misses ? [`terminal echo: ${misses} of ${SAMPLES} keystrokes got no echo within ${fmtMs(ECHO_TIMEOUT_MS)}`] : [],
  };
}

export const ECHO_LIMIT_MS = 10 * 60_000;

if (require.main === module) runStandalone("terminal-echo", ECHO_LIMIT_MS, benchTerminalEcho);
