/** The teacher pages' server-side gate (server/identity/page-access.ts), as Next.js navigation. */
import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { teacherPageAccess } from "@/server/identity/page-access";
import type { SignedIn } from "@/server/identity/accounts";

export async function requireTeacherPage(): Promise<SignedIn> {
  const access = await teacherPageAccess((await headers()).get("cookie"));
  if (access.kind === "sign-in" || access.kind === "change-password") redirect("/sign-in");
  if (access.kind === "not-found") notFound();
  return access.account;
}
