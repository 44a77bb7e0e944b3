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
  // The inline scripts ask for the student's engine and open their socket (attached to their shell)
  // at once, while the workbench's scripts load; the workbench takes that socket over when it starts.
  // The module script then draws the terminal from that socket before React starts (xterm's own
  // modules, preloaded at high priority); the terminal view adopts it when the workbench hydrates.
  return (
    <>
      {TERMINAL_BOOT_MODULE_URLS.map((url) => (
        <link key={url} rel="modulepreload" href={url} fetchPriority="high" />
      ))}
      <script dangerouslySetInnerHTML={{ __html: ENGINE_PREWARM_SCRIPT }} />
      <script dangerouslySetInnerHTML={{ __html: EARLY_SOCKET_SCRIPT }} />
      <script type="module" dangerouslySetInnerHTML={{ __html: TERMINAL_BOOT_SCRIPT }} />
      <Workbench key={step} step={step} studentTag={await pageStudentTag()} />
    </>
  );
}
