import { afterAll, beforeAll, describe, expect, it } from "vitest";
import dgram from "node:dgram";
import { describeNameServers, engineNameServers, timeLookup } from "./name-servers";

/** A real name server on 127.0.0.1: one that answers "no such name" to everything (an offline site's), one that drops every query. */
async function nameServer(reply: boolean): Promise<{ address: string; queries: () => number; close: () => void }> {
  const socket = dgram.createSocket("udp4");
  let queries = 0;
  socket.on("message", (query, from) => {
    queries++;
    if (!reply) return;
    const answer = Buffer.from(query);
    answer.writeUInt16BE(0x8183, 2); // a response, recursion desired and available, NXDOMAIN
    answer.writeUInt16BE(0, 6); // no answer, authority or additional records: the question only
    answer.writeUInt16BE(0, 8);
    answer.writeUInt16BE(0, 10);
    const questionEnd = query.indexOf(0, 12) + 5;
    socket.send(answer.subarray(0, questionEnd), from.port, from.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", resolve));
  return { address: `127.0.0.1:${socket.address().port}`, queries: () => queries, close: () => socket.close() };
}

describe("the engines' name servers", () => {
  let answering: Awaited<ReturnType<typeof nameServer>>;
  let dropping: Awaited<ReturnType<typeof nameServer>>;
  beforeAll(async () => {
    answering = await nameServer(true);
    dropping = await nameServer(false);
  });
  afterAll(() => {
    answering.close();
    dropping.close();
  });

  it("are read as Docker's embedded DNS and ensure-infra.sh read them: loopback left out, systemd-resolved's upstreams behind its stub, 8.8.8.8 when none is left", () => {
    expect(engineNameServers("# site\nnameserver 10.255.255.53\nnameserver 127.0.0.1\nnameserver 192.0.2.53\nnameserver 10.255.255.53\nsearch lan\n")).toEqual(["10.255.255.53", "192.0.2.53"]);
    expect(engineNameServers("nameserver 127.0.0.53\noptions edns0\n", "nameserver 198.51.100.1\n")).toEqual(["198.51.100.1"]);
    expect(engineNameServers("nameserver 192.0.2.1\n", "nameserver 198.51.100.1\n")).toEqual(["192.0.2.1"]);
    expect(engineNameServers("nameserver 127.0.0.1\nnameserver ::1\n")).toEqual(["8.8.8.8", "8.8.4.4"]);
    expect(engineNameServers("")).toEqual(["8.8.8.8", "8.8.4.4"]);
  });

  it("pass when the first one answers at once, even 'no such name' (an offline site's)", async () => {
    const asked = answering.queries();
    const timing = await timeLookup(answering.address);
    expect(answering.queries()).toBe(asked + 1);
    expect(timing).toMatchObject({ answered: true, answer: "no such name" });
    expect(timing.ms).toBeLessThan(1_000);
    const outcome = describeNameServers([timing]);
    expect(outcome.ok).toBe(true);
    expect(outcome.detail).toContain(`${answering.address} no such name in`);
  });

  it("fail, saying what waits and the fix, when the first one drops queries, whatever the others do", async () => {
    const [silent, quick] = await Promise.all([timeLookup(dropping.address, "api.wordpress.org", 1_000), timeLookup(answering.address)]);
    expect(silent).toMatchObject({ answered: false, answer: "no answer" });
    expect(silent.ms).toBeGreaterThanOrEqual(900);
    expect(dropping.queries()).toBeGreaterThan(0);
    const outcome = describeNameServers([silent, quick]);
    expect(outcome.ok).toBe(false);
    expect(outcome.detail).toContain(`${dropping.address} no answer in`);
    expect(outcome.detail).toContain("WordPress's installer page asks api.wordpress.org");
    expect(outcome.fix).toContain("/etc/resolv.conf");
    expect(outcome.fix).toContain("every engine node");
    // The first answering is enough: Docker asks the others only when it fails.
    const firstAnswers = describeNameServers([quick, silent]);
    expect(firstAnswers.ok).toBe(true);
    expect(firstAnswers.detail).toContain(`(${dropping.address} only asked when the first fails)`);
  });

  it("fail when an answer, even a right one, takes longer than a page can wait", () => {
    expect(describeNameServers([{ server: "192.0.2.53", ms: 4_500, answered: true, answer: "no such name" }]).ok).toBe(false);
  });
});
