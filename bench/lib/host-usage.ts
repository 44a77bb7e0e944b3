/** Peaks of the host's CPU and memory (from /proc) and of one process's RSS, sampled every second while a benchmark works. */
import { readFileSync } from "node:fs";
import os from "node:os";

export interface UsagePeaks {
  /** Busiest one-second interval, in % of all cores (100 = every core busy). */
  cpuPercent: number;
  cores: number;
  /** MemTotal − MemAvailable at its highest, and when sampling began. */
  memUsedBytes: number;
  memUsedBeforeBytes: number;
  serverRssBytes: number;
}

function cpuTicks(): { busy: number; total: number } {
  const fields = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/).slice(1).map(Number);
  const total = fields.reduce((a, b) => a + b, 0);
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0); // idle + iowait
  return { busy: total - idle, total };
}

function memUsedBytes(): number {
  const text = readFileSync("/proc/meminfo", "utf8");
  const kB = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, "m").exec(text)?.[1] ?? NaN) * 1024;
  return kB("MemTotal") - kB("MemAvailable");
}

function rssBytes(pid: number): number {
  try {
    const m = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** The server's own node process: the workbench's pid may be a wrapper (tsx) whose child it is. */
function processTree(pid: number): number[] {
  const children = (() => {
    try {
      return readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
    } catch {
      return [];
    }
  })();
  return [pid, ...children.flatMap(processTree)];
}

export function hostUsageSampler(serverPid: number): { stop: () => UsagePeaks } {
  const peaks: UsagePeaks = { cpuPercent: 0, cores: os.cpus().length, memUsedBytes: memUsedBytes(), memUsedBeforeBytes: memUsedBytes(), serverRssBytes: 0 };
  let last = cpuTicks();
  const sample = () => {
    const ticks = cpuTicks();
    const total = ticks.total - last.total;
    if (total > 0) peaks.cpuPercent = Math.max(peaks.cpuPercent, ((ticks.busy - last.busy) / total) * 100);
    last = ticks;
    peaks.memUsedBytes = Math.max(peaks.memUsedBytes, memUsedBytes());
    peaks.serverRssBytes = Math.max(
      peaks.serverRssBytes,
      processTree(serverPid).reduce((sum, pid) => sum + rssBytes(pid), 0),
    );
  };
  const timer = setInterval(sample, 1000);
  timer.unref();
  return {
    stop: () => {
      clearInterval(timer);
      sample();
      return peaks;
    },
  };
}
