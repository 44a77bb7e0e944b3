/**
 * For the LTI tests: one whole launch round through the real route handlers — the LMS's login
 * initiation, our redirect to the simulated platform, its auth answer over HTTP, and the form it
 * auto-posts to our launch route.
 */
import { GET as loginRoute } from "@/app/api/lti/login/route";
import { POST as launchRoute } from "@/app/api/lti/launch/route";
import { cookiesOf } from "@/server/identity/testing/route-testing";
import type { PlatformSimulator, SimulatedLaunch } from "./platform-simulator";

export const TOOL_ORIGIN = "http://localhost:3000";
export const LAUNCH_URL = `${TOOL_ORIGIN}/api/lti/launch`;

export interface LaunchAttempt {
  response: Response;
  form: URLSearchParams;
  stateCookie: string;
}

/** Posts a launch form as the LMS's page does (cross-site), with the browser's cookies. */
export const postLaunch = (form: URLSearchParams, cookie: string) =>
  launchRoute(new Request(LAUNCH_URL, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", cookie, "sec-fetch-site": "cross-site" }, body: form.toString() }));

export async function launchThrough(sim: PlatformSimulator, spec: SimulatedLaunch, options: { dropStateCookie?: boolean } = {}): Promise<LaunchAttempt> {
  const login = await loginRoute(new Request(`${TOOL_ORIGIN}/api/lti/login?${sim.loginParams(spec, LAUNCH_URL)}`));
  if (login.status !== 302) throw new Error(`login initiation answered ${login.status}: ${await login.text()}`);
  const stateCookie = cookiesOf(login);
  const auth = await fetch(login.headers.get("location")!);
  const html = await auth.text();
  if (auth.status !== 200 || !html.includes(`action="${LAUNCH_URL}"`)) throw new Error(`the platform's auth endpoint answered ${auth.status}: ${html}`);
  const field = (name: string) => html.match(new RegExp(`name="${name}" value="([^"]*)"`))?.[1] ?? "";
  const form = new URLSearchParams({ id_token: field("id_token"), state: field("state") });
  return { response: await postLaunch(form, options.dropStateCookie ? "" : stateCookie), form, stateCookie };
}
