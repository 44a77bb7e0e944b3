/**
 * The journey's HTTP side against a small stand-in for WordPress on loopback: the language page,
 * the setup form, the answer, the home page; a database still starting; a site that redirects to
 * the address it was installed at. (The real WordPress is exercised by the step 7 and 8 content
 * tests; its offline build never shows the language page, this test does.)
 */
import { afterEach, describe, expect, it } from "vitest";
import http from "node:http";
import type { LearnerEngine } from "./engine-manager";
import { runWordpressJourney } from "./wordpress-journey";
import { renderText } from "../../lib/i18n/render-text";
import type { TextRef } from "../../lib/i18n/text-ref";
import { listenOnFreePort } from "../http/testing/listen";

interface FakeSite {
  port: number;
  installed: { title: string; host: string; fields: Record<string, string> } | null;
  requests: string[];
  close(): Promise<void>;
}

/** A WordPress-like site: `databaseErrors` first answers are the database error page; `languages` shows the language page. */
async function startFakeSite(options: { databaseErrors?: number; languages?: boolean; installedAt?: string } = {}): Promise<FakeSite> {
  let errorsLeft = options.databaseErrors ?? 0;
  const site: FakeSite = { port: 0, installed: options.installedAt ? { title: "Mon blog", host: options.installedAt, fields: {} } : null, requests: [], close: async () => undefined };
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      const host = req.headers.host ?? "";
      site.requests.push(`${req.method} ${host} ${req.url}`);
      const send = (status: number, html: string, headers: Record<string, string> = {}) => {
        res.writeHead(status, { "Content-Type": "text/html", ...headers });
        res.end(html);
      };
      if (errorsLeft > 0) {
        errorsLeft--;
        return send(500, "<html><body><h1>Error establishing a database connection</h1></body></html>");
      }
      const url = new URL(req.url ?? "/", `http://${host}`);
      if (url.pathname === "/") {
        if (!site.installed) return send(302, "", { Location: `http://${host}/wp-admin/install.php` });
        if (host !== site.installed.host) return send(301, "", { Location: `http://${site.installed.host}/` });
        return send(200, `<html><head><meta name="generator" content="WordPress 6.1.9" /><title>${site.installed.title} &#8211; Just another site</title></head><body></body></html>`);
      }
      if (url.pathname === "/wp-admin/install.php") {
        if (site.installed) return send(200, "<html><body><h1>Already Installed</h1></body></html>");
        const step = url.searchParams.get("step");
        const form = new URLSearchParams(body);
        if (!step && options.languages) {
          return send(
            200,
            `<form id="setup" method="post" action="?step=1"><select name="language" id="language"><option value="" selected="selected">English</option><option value="de_DE">Deutsch</option></select></form>`,
          );
        }
        if (!step || step === "1") {
          const language = form.get("language") ?? "";
          return send(200, `<form id="setup" method="post" action="install.php?step=2"><input name="weblog_title" type="text" /><input type="hidden" name="language" value="${language}" /></form>`);
        }
        const fields = Object.fromEntries(form.entries());
        if (!fields["admin_email"]?.includes("@")) return send(200, `<p class="message">Please provide a valid email address.</p><input name="weblog_title" />`);
        site.installed = { title: fields["weblog_title"] ?? "", host, fields };
        return send(200, "<html><body><h1>Success!</h1><p>WordPress has been installed.</p></body></html>");
      }
      send(404, "not found");
    });
  });
  ({ port: site.port, close: site.close } = await listenOnFreePort(server));
  return site;
}

const engineAt = { ip: "127.0.0.1" } as unknown as LearnerEngine;
let site: FakeSite | undefined;
afterEach(async () => {
  await site?.close();
  site = undefined;
});

const journey = (port: number, fields: Partial<{ adminEmail: string; timeoutMs: number; siteHost: string }> = {}) =>
  runWordpressJourney(engineAt, {
    folder: "8_my_final_wordpress",
    port,
    basePath: "/",
    siteTitle: "Docker Workbench step 8",
    adminUser: "wbadmin",
    adminPassword: "Workbench-grader-1",
    adminEmail: fields.adminEmail ?? "grader@example.com",
    timeoutMs: fields.timeoutMs ?? 10_000,
    ...(fields.siteHost ? { siteHost: fields.siteHost } : {}),
    onLog: () => undefined,
  });

describe("runWordpressJourney", () => {
  it("goes through the language page and the setup form, then reads the installed title", async () => {
    site = await startFakeSite({ languages: true });
    const outcome = await journey(site.port);
    expect(outcome.install).toBe("installed");
    expect(outcome.home).toMatchObject({ status: 200, title: "Docker Workbench step 8 – Just another site", version: "6.1.9" });
    expect(site.installed?.fields).toMatchObject({
      user_name: "wbadmin",
      admin_password: "Workbench-grader-1",
      admin_password2: "Workbench-grader-1",
      language: "",
      admin_email: "grader@example.com",
    });
    expect(site.requests.filter((r) => r.startsWith("POST")).map((r) => r.split(" ")[2])).toEqual(["/wp-admin/install.php?step=1", "/wp-admin/install.php?step=2"]);
  });

  it("waits while the site answers with the database error", async () => {
    site = await startFakeSite({ databaseErrors: 1 });
    const outcome = await journey(site.port);
    expect(outcome.install).toBe("installed");
    const first = outcome.transcript[0] as TextRef;
    expect(renderText(first, "en")).toMatch(/^GET \/ → 200 \(the installer\) after 2 s$/);
    // A French student reads what the grader did in French (the request itself quoted as it is).
    expect(renderText(first, "fr")).toMatch(/^GET \/ → 200 \(l’installateur\) au bout de 2 s$/);
  });

  it("reports the database error when it lasts", async () => {
    site = await startFakeSite({ databaseErrors: 1000 });
    const outcome = await journey(site.port, { timeoutMs: 3000 });
    expect(outcome.install).toBe("unreachable");
    expect(outcome.home).toMatchObject({ status: 500, databaseError: true });
  });

  it("keeps a site installed at another address, following it there on the same port", async () => {
    site = await startFakeSite({ installedAt: "workbench.test:3000" });
    const outcome = await journey(site.port);
    expect(outcome.install).toBe("already-installed");
    expect(outcome.home?.title).toBe("Mon blog – Just another site");
    expect(site.requests).toContain("GET workbench.test:3000 /");
  });

  it("installs at the address the student's browser uses, when the grader knows it", async () => {
    site = await startFakeSite();
    const outcome = await journey(site.port, { siteHost: "workbench.test:3000" });
    expect(outcome.install).toBe("installed");
    expect(site.installed?.host).toBe("workbench.test:3000");
    expect(outcome.home?.title).toBe("Docker Workbench step 8 – Just another site");
  });

  it("passes on the installer's refusal", async () => {
    site = await startFakeSite();
    const outcome = await journey(site.port, { adminEmail: "not-an-address" });
    expect(outcome).toMatchObject({ install: "refused", installMessage: "Please provide a valid email address." });
  });

  it("says when nothing listens", async () => {
    site = await startFakeSite();
    const port = site.port;
    await site.close();
    site = undefined;
    const outcome = await journey(port, { timeoutMs: 1000 });
    expect(outcome.install).toBe("unreachable");
    expect(outcome.home?.error).toMatch(/connection refused/);
  });
});
