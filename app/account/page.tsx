import type { Metadata } from "next";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { pageLocale } from "../_lib/page-locale";
import { currentAccount } from "@/server/identity/accounts";
import { signInPath } from "../sign-in/next-path";
import { accountText } from "../teacher/_ui/account-text";
import { SignOutButton } from "../teacher/_ui/sign-out-button";
import { ChangePasswordForm } from "./change-password-form";
import styles from "../teacher/_ui/account.module.css";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: accountText(await pageLocale())("account.yourAccount") };
}

/**
 * The signed-in person's own account (student, teacher or admin): who they are signed in as, and
 * changing their password. Nobody signed in, or an account still on its one-time password, is
 * sent to sign in (the sign-in form then asks for the new password).
 */
export default async function AccountPage() {
  const account = await currentAccount((await headers()).get("cookie"));
  if (!account || account.mustChangePassword) redirect(signInPath("/account"));
  const t = accountText(await pageLocale());
  const teaches = account.role === "teacher" || account.role === "admin";
  return (
    <main className="page page-narrow" id="main">
      <div className={styles.header}>
        <h1>{t("account.yourAccount")}</h1>
        <a className="btn btn-small" href={teaches ? "/teacher" : "/"}>
          {teaches ? t("account.toClasses") : t("account.toCourse")}
        </a>
        <SignOutButton />
      </div>
      <p>{t("account.signedInAs", { email: account.email })}</p>
      <section aria-labelledby="change-password">
        <h2 id="change-password">{t("account.changeTitle")}</h2>
        <p className="muted">{t("account.changeIntro")}</p>
        <ChangePasswordForm />
      </section>
    </main>
  );
}
