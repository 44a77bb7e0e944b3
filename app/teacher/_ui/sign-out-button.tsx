"use client";
import { useState } from "react";
import { postJson } from "./post-json";
import { useAccountText } from "./use-account-text";

/** Deletes the session on the server, then goes to the sign-in page. */
export function SignOutButton({ className = "btn btn-small" }: { className?: string }) {
  const t = useAccountText();
  const [busy, setBusy] = useState(false);
  return (
    <button
      type="button"
      className={className}
      disabled={busy}
      onClick={async () => {
        setBusy(true);
        await postJson("/api/auth/sign-out", {});
        window.location.assign("/sign-in");
      }}
    >
      {t("account.signOut")}
    </button>
  );
}
