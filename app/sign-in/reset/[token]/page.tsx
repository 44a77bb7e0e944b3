import type { Metadata } from "next";
import { pageLocale } from "../../../_lib/page-locale";
import { isResetTokenUsable } from "@/server/identity/accounts";
import { accountText } from "../../../teacher/_ui/account-text";
import { ResetForm } from "./reset-form";

export const dynamic = "force-dynamic";
// The token is in the address: never send it to another site as a Referer.
export const metadata: Metadata = { title: "New password", referrer: "no-referrer" };

/** A one-time reset link: a new password, if the link still works. */
export default async function ResetPage({ params }: { params: Promise<{ token: string }> }) {
  const t = accountText(await pageLocale());
  const { token } = await params;
  const usable = /^[A-Za-z0-9_-]{43}$/.test(token) && (await isResetTokenUsable(token));
  return (
    <main className="page page-narrow" id="main">
      <h1>{t("account.resetTitle")}</h1>
      {usable ? <ResetForm token={token} /> : <p className="notice-error">{t("account.resetUnusable")}</p>}
    </main>
  );
}
