import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { pageLocale } from "../../_lib/page-locale";
import { getConfig } from "@/server/config";
import { getAccountByStudent, isClassMember } from "@/server/db/repositories";
import { findClassByCode } from "@/server/identity/classes";
import { decodeStudentCookie, readCookie, STUDENT_COOKIE } from "@/server/identity/student-cookie";
import { accountText } from "../../teacher/_ui/account-text";
import { JoinPanel } from "./join-panel";

export const dynamic = "force-dynamic";

/**
 * A class's join link. Opening it shows the class; the student joins with the button (a POST
 * through the same-origin guard, so a foreign page cannot enrol someone by linking here), then
 * may attach their work to an account.
 */
export default async function JoinPage({ params }: { params: Promise<{ code: string }> }) {
  const { code } = await params;
  const klass = await findClassByCode(code);
  if (!klass) notFound();
  const t = accountText(await pageLocale());
  const studentId = decodeStudentCookie(readCookie((await headers()).get("cookie"), STUDENT_COOKIE), getConfig().SESSION_SECRET);
  const [joined, account] = studentId ? await Promise.all([isClassMember(klass.id, studentId), getAccountByStudent(studentId)]) : [false, null];
  return (
    <main className="page page-narrow" id="main">
      <h1>{t("account.joinTitle", { name: klass.name })}</h1>
      <p>{t("account.joinSteps", { steps: klass.steps.join(", ") })}</p>
      <JoinPanel code={klass.joinCode} name={klass.name} joined={joined} hasAccount={account !== null} accountRequired={!getConfig().ALLOW_ANONYMOUS} />
    </main>
  );
}
