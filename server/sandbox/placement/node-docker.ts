/** dockerode for a swarm node's Docker API, from its URL (tcp://host:port or http://host:port). */
import Docker from "dockerode";

export function dockerForUrl(url: string): Docker {
  const parsed = new URL(url.replace(/^tcp:/, "http:"));
  if (parsed.protocol !== "http:") throw new Error(`unsupported Docker API address ${url}: tcp:// or http:// (the nodes' private network)`);
  return new Docker({ protocol: "http", host: parsed.hostname, port: Number(parsed.port || 2375) });
}
