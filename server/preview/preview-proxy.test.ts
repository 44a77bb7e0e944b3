/** The preview proxy against real HTTP servers on loopback standing in for a student's engine. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import http from "node:http";
import { matchPreview, proxyPreview, type EngineLocator, type PortTunnel } from "./preview-proxy";
import { createLogger } from "../logger";
import { listenOnFreePort, type ListeningServer } from "../http/testing/listen";

const log = createLogger({ level: "silent" });

/** A placed engine's tunnel whose relay answers with markup of the student's choosing as its reason (a learner controls their engine). */
function hostileTunnel(): PortTunnel {
  const agent = new http.Agent() as PortTunnel;
  // The tunnel's way of failing a connection: the agent's callback gets the relay's reason.
  (agent as unknown as { createConnection: (options: unknown, created: (error: Error | null) => void) => undefined }).createConnection = (_options, created) => {
    setTimeout(() => created(new Error('failed: <img src=x onerror="alert(document.cookie)"> & co')), 5);
    return undefined;
  };
  agent.probe = async () => false;
  return agent;
}
let upstream: ListeningServer;
let front: ListeningServer;
let upstreamPort = 0;
let frontUrl = "";
const seen: { url?: string; cookie?: string; host?: string }[] = [];
let engineUp = true;

beforeAll(async () => {
  const upstreamServer = http.createServer((req, res) => {
    seen.push({ url: req.url, cookie: req.headers.cookie, host: req.headers.host });
    if (req.url === "/wordpress/hostile") {
      res.writeHead(200, [
        ["Set-Cookie", "wb_student=forged.sig; Path=/; Max-Age=99999999"],
        ["Set-Cookie", " wb_student =forged2; Path=/"],
        ["Set-Cookie", "=wb_student=forged3; Path=/"],
        ["Set-Cookie", "__prerender_bypass=1; Path=/"],
        ["Set-Cookie", "wp_ok=1; Path=/wordpress/"],
        ["Cache-Control", "public, max-age=31536000, immutable"],
        ["Vary", "Accept-Encoding"],
        ["Content-Type", "text/html"],
      ]);
      return res.end("hostile");
    }
    if (req.url === "/wordpress/") {
      res.writeHead(302, { Location: "http://localhost:3000/wordpress/wp-admin/setup-config.php", "Set-Cookie": "wp_test=1" });
      return res.end();
    }
    res.writeHead(200, { "Content-Type": "text/html" });
    res.end(`<h1>WordPress setup</h1>${req.method}`);
  });
  upstream = await listenOnFreePort(upstreamServer);
  upstreamPort = upstream.port;
  const engines: EngineLocator = {
    current: (id) => (id === "alice" && engineUp ? { ip: "127.0.0.1" } : id === "mallory" ? { ip: "127.0.0.1", tunnel: hostileTunnel() } : undefined),
  };
  const routes = [{ path: "/wordpress/", port: upstreamPort }];
  const frontServer = http.createServer((req, res) => {
    const route = matchPreview(routes, req.url ?? "/");
    if (!route) return void res.writeHead(404).end();
    const student = /(?:^|;\s*)student=(\w+)/.exec(req.headers.cookie ?? "")?.[1] ?? null;
    void proxyPreview(req, res, route, student, engines, log);
  });
  front = await listenOnFreePort(frontServer);
  frontUrl = front.url;
});

afterAll(async () => {
  await Promise.all([upstream.close(), front.close()]);
});

describe("preview proxy", () => {
  it("matches the lesson's path with or without the trailing slash, and nothing else", () => {
    const routes = [{ path: "/wordpress/", port: 80 }];
    expect(matchPreview(routes, "/wordpress/wp-admin/install.php?step=1")).toBeDefined();
    expect(matchPreview(routes, "/wordpress")).toBeDefined();
    expect(matchPreview(routes, "/wordpressx")).toBeUndefined();
    expect(matchPreview(routes, "/steps/1")).toBeUndefined();
  });

  it("passes the student's requests to their engine unchanged, redirects included, without our cookie", async () => {
    const answer = await fetch(`${frontUrl}/wordpress/`, { redirect: "manual", headers: { cookie: "wb_student=abc.sig; student=alice; wp_lang=fr" } });
    expect(answer.status).toBe(302);
    expect(answer.headers.get("location")).toBe("http://localhost:3000/wordpress/wp-admin/setup-config.php");
    expect(answer.headers.get("set-cookie")).toBe("wp_test=1");
    const last = seen.at(-1)!;
    expect(last.url).toBe("/wordpress/");
    expect(last.cookie).not.toContain("wb_student");
    expect(last.cookie).toContain("wp_lang=fr");
    const page = await fetch(`${frontUrl}/wordpress/wp-admin/setup-config.php`, { method: "POST", body: "a=1", headers: { cookie: "student=alice" } });
    expect(await page.text()).toContain("WordPress setup</h1>POST");
  });

  it("drops Set-Cookie for the workbench's own cookies and keeps every answer out of shared caches", async () => {
    const answer = await fetch(`${frontUrl}/wordpress/hostile`, { headers: { cookie: "student=alice" } });
    expect(await answer.text()).toBe("hostile");
    expect(answer.headers.getSetCookie()).toEqual(["wp_ok=1; Path=/wordpress/"]);
    const cacheControl = answer.headers.get("cache-control") ?? "";
    expect(cacheControl).toMatch(/no-store/);
    expect(cacheControl).not.toMatch(/public|max-age|immutable/);
    expect(answer.headers.get("vary")).toMatch(/Accept-Encoding/);
    expect(answer.headers.get("vary")).toMatch(/\bCookie\b/);
    const redirect = await fetch(`${frontUrl}/wordpress/`, { redirect: "manual", headers: { cookie: "student=alice" } });
    expect(redirect.headers.get("cache-control")).toMatch(/no-store/);
    expect(redirect.headers.get("vary")).toBe("Cookie");
  });

  it("explains instead of failing when there is no student, no engine, or nothing listening", async () => {
    const anonymous = await fetch(`${frontUrl}/wordpress/`);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.text()).toContain("Open the workbench first");
    engineUp = false;
    const noEngine = await fetch(`${frontUrl}/wordpress/`, { headers: { cookie: "student=alice" } });
    expect(noEngine.status).toBe(503);
    engineUp = true;
    await upstream.close();
    await new Promise((r) => setTimeout(r, 50)); // the proxy's kept-alive socket to it sees the close
    const refused = await fetch(`${frontUrl}/wordpress/`, { headers: { cookie: "student=alice" } });
    expect(refused.status).toBe(502);
    expect(await refused.text()).toMatch(/Nothing listens on port \d+ in your engine/);
  });

  it("speaks the student's language and never renders the engine's words as markup", async () => {
    const french = await fetch(`${frontUrl}/wordpress/`, { headers: { "accept-language": "fr-FR,fr;q=0.9" } });
    expect(french.status).toBe(401);
    const frenchPage = await french.text();
    expect(frenchPage).toContain('<html lang="fr">');
    expect(frenchPage).toContain("Ouvrez d’abord le workbench");
    const chosen = await fetch(`${frontUrl}/wordpress/`, { headers: { "accept-language": "en", cookie: "wb_locale=fr" } });
    expect(await chosen.text()).toContain("Non connecté");
    const english = await fetch(`${frontUrl}/wordpress/`, { headers: { "accept-language": "fr", cookie: "wb_locale=en" } });
    expect(await english.text()).toContain("Not signed in");

    const hostile = await fetch(`${frontUrl}/wordpress/`, { headers: { cookie: "student=mallory" } });
    expect(hostile.status).toBe(502);
    const page = await hostile.text();
    expect(page).toContain("Your container did not answer (failed: &lt;img src=x onerror=&quot;alert(document.cookie)&quot;&gt; &amp; co)");
    expect(page).not.toContain("<img");
  });
});
