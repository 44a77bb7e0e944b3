/**
 * A compose service's `ports` entries, short ("8080:80", "127.0.0.1:8080:80/tcp", 80) or long
 * ({ target: 80, published: 8080 }), read as { host, container, protocol }. `host` is null when
 * the container port is published on a random host port ("80").
 */
import { say, type TextRef } from "../../../lib/i18n/text-ref";

export interface ComposePort {
  /** Host port or range as written ("8080", "8000-8010"), null for a random one. */
  host: string | null;
  /** Container port or range, e.g. "80". */
  container: string;
  protocol: string;
}

export type PortReading = { ok: true; port: ComposePort } | { ok: false; problem: TextRef };

const PORT = /^\d+(-\d+)?$/;

function readShort(text: string): PortReading {
  const [mapping = "", protocol = "tcp"] = text.trim().split("/");
  // An IPv6 host address is written in brackets; a plain IP has dots.
  const withoutIp = mapping.replace(/^\[[^\]]*\]:/, "").replace(/^\d+\.\d+\.\d+\.\d+:/, "");
  const parts = withoutIp.split(":");
  const container = parts.at(-1) ?? "";
  const host = parts.length >= 2 ? (parts.at(-2) ?? "") : null;
  if (parts.length > 2 || !PORT.test(container) || (host !== null && host !== "" && !PORT.test(host))) {
    return { ok: false, problem: say("composeFile.portNotMapping", { text }) };
  }
  return { ok: true, port: { host: host === "" ? null : host, container, protocol: protocol.toLowerCase() } };
}

export function readComposePort(entry: unknown): PortReading {
  if (typeof entry === "number") return readShort(String(entry));
  if (typeof entry === "string") return readShort(entry);
  if (entry && typeof entry === "object") {
    const long = entry as Record<string, unknown>;
    const target = long["target"];
    const published = long["published"];
    if (typeof target !== "number" && typeof target !== "string") {
      return { ok: false, problem: say("composeFile.portNoTarget") };
    }
    const host = published === undefined || published === null || published === "" ? null : String(published);
    if (!PORT.test(String(target)) || (host !== null && !PORT.test(host))) {
      return { ok: false, problem: say("composeFile.portNotNumbers", { target: String(target), published: String(published) }) };
    }
    const protocol = typeof long["protocol"] === "string" ? long["protocol"].toLowerCase() : "tcp";
    return { ok: true, port: { host, container: String(target), protocol } };
  }
  return { ok: false, problem: say("composeFile.portNotEntry", { entry: JSON.stringify(entry) ?? String(entry) }) };
}

/** True when a port or range as written covers the port `wanted` ("80" or "80/tcp"). */
export function portCovers(written: string, wanted: string): boolean {
  const port = Number(wanted.split("/")[0]);
  const [low, high = low] = written.split("-").map(Number);
  return low !== undefined && high !== undefined && port >= low && port <= high;
}
