import net, { type AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { acceptsConnections, watchPreview, type PreviewStatus } from "./preview-watch";

const servers: net.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

async function listen(port = 0): Promise<{ server: net.Server; port: number; connections: () => number; bytes: () => number }> {
  let connections = 0;
  let bytes = 0;
  const server = net.createServer((socket) => {
    connections++;
    socket.on("data", (d) => (bytes += d.length));
    socket.on("error", () => undefined);
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(port, "127.0.0.1", r));
  return { server, port: (server.address() as AddressInfo).port, connections: () => connections, bytes: () => bytes };
}

async function freePort(): Promise<number> {
  const { server, port } = await listen();
  await new Promise((r) => server.close(r));
  servers.splice(servers.indexOf(server), 1);
  return port;
}

describe("watching the preview port", () => {
  it("tells apart a port something listens on from a closed one, and sends the site nothing", async () => {
    const site = await listen();
    expect(await acceptsConnections("127.0.0.1", site.port)).toBe(true);
    expect(await acceptsConnections("127.0.0.1", await freePort())).toBe(false);
    await new Promise((r) => setTimeout(r, 50));
    expect(site.connections()).toBe(1);
    expect(site.bytes()).toBe(0); // no HTTP request: nothing in the student's access log
  });

  it("reports the start, then only changes: nothing, the site answering, the engine gone", async () => {
    const port = await freePort();
    let ip: string | undefined = "127.0.0.1";
    const reports: PreviewStatus[] = [];
    const stop = watchPreview(
      port,
      () => (ip ? { ip } : undefined),
      (status) => reports.push(status),
      30,
    );
    try {
      await expect.poll(() => reports.length).toBe(1);
      expect(reports[0]).toEqual({ answers: false, engine: true, message: expect.stringContaining(`Nothing answers on port ${port} yet`) });
      await new Promise((r) => setTimeout(r, 150));
      expect(reports).toHaveLength(1); // polled again, nothing changed, nothing said

      await listen(port);
      await expect.poll(() => reports.length).toBe(2);
      expect(reports[1]).toMatchObject({ answers: true });

      ip = undefined;
      await expect.poll(() => reports.length).toBe(3);
      expect(reports[2]).toEqual({ answers: false, engine: false, message: "Your Docker engine is not running yet." });
    } finally {
      stop();
    }
    const count = reports.length;
    await new Promise((r) => setTimeout(r, 120));
    expect(reports).toHaveLength(count); // stopped means stopped
  });
});
