/**
 * The step page's gate: with ALLOW_ANONYMOUS=false a visitor who is not signed in is sent to
 * sign in and comes back to the step; with it on (the default), and for a signed-in student
 * either way, the workbench renders. The real page function, with Next's request scope stood in.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { resetConfigForTests } from "@/server/config";
import { signIn } from "@/server/identity/accounts";
import { AUTH_COOKIE } from "@/server/identity/auth-cookie";
import { makeAccount, studentCookie, TEST_PASSWORD, useTestDatabase } from "@/server/identity/testing/route-testing";

let requestCookie = "";
vi.mock("next/headers", () => ({ headers: async () => new Headers(requestCookie ? { cookie: requestCookie } : {}) }));
class Redirected extends Error {}
vi.mock("next/navigation", () => ({
  redirect: (to: string) => {
    throw new Redirected(to);
  },
  notFound: () => {
    throw new Error("not found");
  },
}));
vi.mock("../../_components/workbench/workbench", () => ({ Workbench: () => null }));
const { default: StepPage } = await import("./page");

/** Where the page sends this request: "workbench", or the redirect's target. */
async function open(step: string, cookie: string): Promise<string> {
  requestCookie = cookie;
  try {
    // The page is the engine-claiming inline script, then the workbench.
    type Element = { props: { step?: number; children?: Element | Element[] } };
    const page = (await StepPage({ params: Promise.resolve({ step }) })) as Element;
    const children = page.props.children === undefined ? [page] : [page.props.children].flat();
    const workbench = children.find((child) => child?.props?.step !== undefined);
    return `workbench of step ${workbench?.props.step}`;
  } catch (error) {
    if (error instanceof Redirected) return `redirect to ${error.message}`;
    throw error;
  }
}

const setAllowAnonymous = (value: string | undefined) => {
  if (value === undefined) delete process.env.ALLOW_ANONYMOUS;
  else process.env.ALLOW_ANONYMOUS = value;
  resetConfigForTests();
};

let cleanup: () => Promise<void>;
let signedInStudent = "";
beforeAll(async () => {
  cleanup = await useTestDatabase();
  await makeAccount("learner@example.org", "student", "lear0000lear0000");
  const { token } = await signIn({ email: "learner@example.org", password: TEST_PASSWORD, address: "test" });
  signedInStudent = `${AUTH_COOKIE}=${token}; ${studentCookie("lear0000lear0000")}`;
});
afterAll(async () => {
  setAllowAnonymous(undefined);
  await cleanup();
});
beforeEach(() => setAllowAnonymous(undefined));

describe("a step page", () => {
  it("opens for an anonymous browser while anonymous work is allowed (the default), and for a signed-in student", async () => {
    expect(await open("3", studentCookie("anon0000anon0000"))).toBe("workbench of step 3");
    expect(await open("3", "")).toBe("workbench of step 3");
    expect(await open("3", signedInStudent)).toBe("workbench of step 3");
  });

  it("with ALLOW_ANONYMOUS=false, sends a visitor who is not signed in to sign in and back, and still opens for a signed-in student", async () => {
    setAllowAnonymous("false");
    expect(await open("3", studentCookie("anon0000anon0000"))).toBe("redirect to /sign-in?next=%2Fsteps%2F3");
    expect(await open("7", `${AUTH_COOKIE}=signed-out-long-ago`)).toBe("redirect to /sign-in?next=%2Fsteps%2F7");
    expect(await open("3", signedInStudent)).toBe("workbench of step 3");
  });
});
