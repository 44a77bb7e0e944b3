import { headers } from "next/headers";
import { pageLocale } from "../_lib/page-locale";
import { getConfig } from "@/server/config";
import { currentAccount } from "@/server/identity/accounts";
import { accountText } from "../teacher/_ui/account-text";
import { SignOutButton } from "../teacher/_ui/sign-out-button";
import { safeNextPath } from "./next-path";
import { SignInForm } from "./sign-in-form";
import styles from "../teacher/_ui/account.module.css";

export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<{ next?: string | string[] }> };

/** Sign-in; `?next=/steps/3` (a path of this site only) is where the person goes once signed in. */
export default async function SignInPage({ searchParams }: Props) {
  const t = accountText(await pageLocale());
  const next = safeNextPath((await searchParams).next);
  const account = await currentAccount((await headers()).get("cookie"));
  const teaches = account?.role === "teacher" || account?.role === "admin";
  return (
    <main className="page page-narrow" id="main">
      <h1>{t("account.signInTitle")}</h1>
      {account && !account.mustChangePassword ? (
        <>
          <p>{t("account.signedInAs", { email: account.email })}</p>
          <p className={styles.header}>
            <a className="btn btn-primary" href={next ?? (teaches ? "/teacher" : "/")}>
              {next ? t("account.continue") : teaches ? t("account.toClasses") : t("account.toCourse")}
            </a>
            <a className="btn" href="/account">
              {t("account.yourAccount")}
            </a>
            <SignOutButton className="btn" />
          </p>
        </>
      ) : (
        <>
          <p className="muted">{getConfig().ALLOW_ANONYMOUS ? t("account.signInIntro") : t("account.signInIntroRequired")}</p>
          <SignInForm next={next} />
        </>
      )}
    </main>
  );
}
