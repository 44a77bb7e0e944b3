/**
 * The WordPress journey against a site a learner's engine publishes: wait until it answers,
 * complete the installer (language page if shown, then the setup form), read the home page; then
 * optionally run the learner-side script that removes and recreates the stack, wait again, read
 * the home page again and count what the data folders of the learner's home hold.
 */
import type { WordpressJourneyRequest } from "../grading/grading-sandbox";
import type { WordpressJourneyOutcome, WordpressPage } from "../grading/evidence";
import type { LearnerEngine } from "./engine-manager";
import { followPage } from "./http-form";
import { runInLearnerShell } from "./learner-shell";
import { firstLanguage, hiddenFields, installerMessage, installerPageKind, readWordpressPage } from "./wordpress-page";
import { englishOf } from "../../lib/i18n/render-text";
import { say, type TextRef, type TextValue } from "../../lib/i18n/text-ref";

/** The installer of a WordPress served at `basePath` ("/" or e.g. "/wordpress/"). */
const installerOf = (basePath: string) => `${basePath}wp-admin/install.php`;
const REQUEST_TIMEOUT_MS = 20_000;
const REFUSED_GIVE_UP_MS = 30_000;
const tail = (text: string, lines: number) => text.split("\n").slice(-lines).join("\n");

/** Counts the entries of folders of the learner's home ($0 is a name, the folders follow); unreadable ones (owned by a container user) are read inside the engine's user namespace. */
const COUNT_FOLDERS = String.raw`
for d in "$@"; do
  p="$HOME/$d"
  if [ ! -d "$p" ]; then printf '%s\tmissing\n' "$d"; continue; fi
  if n=$(ls -A "$p" 2>/dev/null | wc -l) && ls -A "$p" >/dev/null 2>&1; then printf '%s\t%s\n' "$d" "$n"; continue; fi
  pid=$(pgrep -u "$(id -u)" -o -x dockerd || true)
  if [ -n "$pid" ] && n=$(nsenter -U --preserve-credentials -t "$pid" ls -A "$p" 2>/dev/null | wc -l); then printf '%s\t%s\n' "$d" "$n"; continue; fi
  printf '%s\tunreadable\n' "$d"
done`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function runWordpressJourney(engine: LearnerEngine, request: WordpressJourneyRequest): Promise<WordpressJourneyOutcome> {
  const transcript: TextValue[] = [];
  const note = (line: TextValue) => {
    transcript.push(line);
    request.onLog(`${typeof line === "object" && "key" in line ? englishOf(line) : String(line)}\n`);
  };
  // WordPress records the address it is installed at: the one the student's browser will use when known.
  const host = request.siteHost ?? `localhost:${request.port}`;
  const get = async (path: string): Promise<WordpressPage> => readWordpressPage(await followPage({ ip: engine.ip, port: request.port, host, path, timeoutMs: REQUEST_TIMEOUT_MS }));

  const home = request.basePath;
  /** GET <home> until WordPress answers with something other than an error; the last page on time-out. */
  const waitForSite = async (): Promise<{ ready: boolean; page: WordpressPage }> => {
    const began = Date.now();
    const deadline = began + request.timeoutMs;
    let page = await get(home);
    let waited = 0;
    while (page.status === undefined || page.databaseError || page.status >= 500) {
      // A database may take a while to initialise, but a web server that has not opened its
      // port after REFUSED_GIVE_UP_MS is not going to.
      const refusedTooLong = page.status === undefined && Date.now() - began >= REFUSED_GIVE_UP_MS;
      if (Date.now() >= deadline || refusedTooLong) {
        note(
          say("journey.stepStill", {
            request: `GET ${home}`,
            status: page.status ?? page.error ?? say("journey.stepNoAnswer"),
            db: page.databaseError ? say("journey.stepDatabase") : "",
            seconds: Math.round(waited / 1000),
          }),
        );
        return { ready: false, page };
      }
      await sleep(2000);
      waited += 2000;
      page = await get(home);
    }
    note(
      say("journey.stepAnswered", {
        request: `GET ${home}`,
        status: page.status,
        installer: page.installer ? say("journey.stepInstaller") : "",
        after: waited ? say("journey.stepAfter", { seconds: Math.round(waited / 1000) }) : "",
      }),
    );
    return { ready: true, page };
  };

  const first = await waitForSite();
  if (!first.ready) return { kind: "wordpress-journey", transcript, install: "unreachable", home: first.page };

  let install: WordpressJourneyOutcome["install"] = "already-installed";
  if (first.page.installer) {
    // The installer, at the address the site redirected to (its Host, on the same port).
    const installerHost = new URL(first.page.url ?? `http://${host}/`).host;
    const done = await completeInstaller(engine.ip, installerHost, request, note);
    if (!done.ok) return { kind: "wordpress-journey", transcript, install: "refused", installMessage: done.message, ...(done.text ? { installText: done.text } : {}) };
    install = "installed";
  }
  const homePage = await get(home);
  note(say("journey.stepTitle", { request: `GET ${home}`, status: homePage.status ?? homePage.error ?? say("journey.stepNoAnswer"), title: homePage.title ?? "" }));
  const outcome: WordpressJourneyOutcome = { kind: "wordpress-journey", transcript, install, home: homePage };
  if (!request.recreate) return outcome;

  note(say("journey.stepRecreating"));
  request.onLog(`$ ${request.recreate.script.trim().split("\n").join("\n$ ")}\n`);
  const ran = await runInLearnerShell(engine, { folder: request.folder, script: request.recreate.script, timeoutMs: request.recreate.timeoutMs, onOutput: request.onLog });
  const recreate: NonNullable<WordpressJourneyOutcome["recreate"]> = { exitCode: ran.exitCode, timedOut: ran.timedOut, outputTail: tail(ran.output, 20), folders: [] };
  outcome.recreate = recreate;
  if (ran.timedOut || ran.exitCode !== 0) return outcome;

  const again = await waitForSite();
  recreate.home = again.ready ? await get(home) : again.page;
  if (again.ready) note(say("journey.stepTitle", { request: `GET ${home}`, status: recreate.home.status ?? recreate.home.error ?? say("journey.stepNoAnswer"), title: recreate.home.title ?? "" }));
  if (request.recreate.homeFolders.length) {
    const listed = await runInLearnerShell(engine, { folder: request.folder, script: COUNT_FOLDERS, args: ["count-folders", ...request.recreate.homeFolders], timeoutMs: 30_000 });
    recreate.folders = request.recreate.homeFolders.map((folder) => {
      const line = listed.output.split("\n").find((l) => l.startsWith(`${folder}\t`));
      const value = line?.split("\t")[1]?.trim();
      const path = `~/${folder}`;
      if (value && /^\d+$/.test(value)) return { path, entries: Number(value) };
      return { path, entries: null, note: value === "unreadable" ? "cannot be read" : "is missing" };
    });
  }
  return outcome;
}

async function completeInstaller(ip: string, host: string, request: WordpressJourneyRequest, note: (line: TextValue) => void): Promise<{ ok: true } | { ok: false; message: string; text?: TextRef }> {
  const INSTALLER = installerOf(request.basePath);
  const post = async (query: string, fields: Record<string, string>) => {
    const answer = await followPage({ ip, port: request.port, host, path: `${INSTALLER}${query}`, form: fields, timeoutMs: REQUEST_TIMEOUT_MS });
    if (answer.status === undefined) throw new Error(answer.error ?? "no answer");
    note(`POST ${INSTALLER}${query} → ${answer.status}`);
    return { status: answer.status, body: answer.body ?? "" };
  };
  try {
    const opened = await followPage({ ip, port: request.port, host, path: INSTALLER, timeoutMs: REQUEST_TIMEOUT_MS });
    let body = opened.body ?? "";
    note(`GET ${INSTALLER} → ${opened.status ?? opened.error}`);
    let kind = installerPageKind(body);
    let language = "";
    if (kind === "language-form") {
      language = firstLanguage(body);
      body = (await post("?step=1", { language })).body;
      kind = installerPageKind(body);
    }
    if (kind === "already-installed") return { ok: true };
    if (kind !== "setup-form") return { ok: false, message: installerMessage(body) };
    const fields: Record<string, string> = {
      ...hiddenFields(body),
      weblog_title: request.siteTitle,
      user_name: request.adminUser,
      admin_password: request.adminPassword,
      admin_password2: request.adminPassword,
      pw_weak: "on",
      admin_email: request.adminEmail,
      blog_public: "0",
      Submit: "Install WordPress",
    };
    if (language && fields["language"] === undefined) fields["language"] = language;
    const answer = await post("?step=2", fields);
    const result = installerPageKind(answer.body);
    if (result === "success" || result === "already-installed") return { ok: true };
    return { ok: false, message: installerMessage(answer.body) };
  } catch (error) {
    const text = say("journey.installerNoAnswer", { error: (error as Error).message });
    return { ok: false, message: englishOf(text), text };
  }
}
