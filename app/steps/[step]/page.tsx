import type { Metadata } from "next";
import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { Workbench } from "../../_components/workbench/workbench";
import { translator } from "@/lib/i18n/messages";
import { pageLocale } from "../../_lib/page-locale";
import { pageStudentTag } from "../../_lib/page-student-tag";
import { signInPath } from "../../sign-in/next-path";
import { mayWorkOnCourse } from "@/server/identity/student-session";
import { ENGINE_PREWARM_SCRIPT } from "@/lib/engine-prewarm";
import { EARLY_SOCKET_SCRIPT } from "../../_components/socket/early-socket";
import { TERMINAL_BOOT_MODULE_URLS, TERMINAL_BOOT_SCRIPT } from "../../_components/terminal/terminal-boot-script";

type Props = { params: Promise<{ step: string }> };

/** The early engine request, then the early socket: one script, so they go in that order. */
const EARLY_PAGE_SCRIPT = `${ENGINE_PREWARM_SCRIPT};${EARLY_SOCKET_SCRIPT}`;

function parseStep(raw: string): number | null {
  if (!/^\d{1,2}$/.test(raw)) return null;
  const step = Number(raw);
  return step >= 1 && step <= 99 ? step : null;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const step = parseStep((await params).step);
  const t = translator(await pageLocale());
  return { title: step ? t("nav.step", { step }) : t("notFound.title") };
}

export default async function StepPage({ params }: Props) {
  const step = parseStep((await params).step);
  if (step === null) notFound();
  // Without anonymous work (ALLOW_ANONYMOUS=false), a visitor who is not signed in signs in first.
  if (!(await mayWorkOnCourse((await headers()).get("cookie")))) redirect(signInPath(`/steps/${step}`));
  // A new workbench per step: its socket listeners, store and editor models belong to one step.
  // The first inline script asks for the student's engine and opens their socket (attached to their
  // shell) at once, while the workbench's scripts load; the workbench takes that socket over when it
  // starts. It is an async module so that it runs as soon as it is parsed: a classic inline script
  // waits until every stylesheet before it has loaded (0.1-0.35 s of a 0.25-0.45 s wait measured).
  // The module script then draws the terminal from that socket before React starts (xterm's own
  // modules, preloaded at high priority); the terminal view adopts it when the workbench hydrates.
  return (
    <>
      {TERMINAL_BOOT_MODULE_URLS.map((url) => (
        <link key={url} rel="modulepreload" href={url} fetchPriority="high" />
      ))}
      <script type="module" async dangerouslySetInnerHTML={{ __html: EARLY_PAGE_SCRIPT }} />
      <script type="module" dangerouslySetInnerHTML={{ __html: TERMINAL_BOOT_SCRIPT }} />
      <Workbench key={step} step={step} studentTag={await pageStudentTag()} />
    </>
  );
}
