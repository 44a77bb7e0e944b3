/**
 * A TCP port of the loopback that nothing listens on right now, for a process a test or bench
 * starts itself (a workbench, PostgreSQL). Another process may take it before that one does: use
 * listenOnFreePort (./listen.ts) for a server of the test's own.
 */
import net from "node:net";
import { listenOnFreePort } from "./listen";

export async function freePort(): Promise<number> {
  const probe = net.createServer();
  probe.unref();
  const { port, close } = await listenOnFreePort(probe);
  await close();
  return port;
}
