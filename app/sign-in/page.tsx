import { headers } from "next/headers";
import { pageLocale } from "../_lib/page-locale";
import { currentAccount } from "@/server/identity/accounts";
import { accountText } from "../teacher/_ui/account-text";
import { SignOutButton } from "../teacher/_ui/sign-out-button";
import { SignInForm } from "./sign-in-form";
import styles from "../teacher/_ui/account.module.css";

export const dynamic = "force-dynamic";

export default async function SignInPage() {
  const t = accountText(await pageLocale());
  const account = await currentAccount((await headers()).get("cookie"));
  const teaches = account?.role === "teacher" || account?.role === "admin";
  return (
    <main className="page page-narrow" id="main">
      <h1>{t("account.signInTitle")}</h1>
      {account && !account.mustChangePassword ? (
        <>
          <p>{t("account.signedInAs", { email: account.email })}</p>
          <p className={styles.header}>
            <a className="btn btn-primary" href={teaches ? "/teacher" : "/"}>
              {teaches ? t("account.toClasses") : t("account.toCourse")}
            </a>
            <SignOutButton className="btn" />
          </p>
        </>
      ) : (
        <>
          <p className="muted">{t("account.signInIntro")}</p>
          <SignInForm />
        </>
      )}
    </main>
  );
}
