/**
 * A short tag of the page's student (a hash of their id, not the id), for what the browser keeps
 * per student in localStorage: students who share a browser keep apart. "" without a valid cookie.
 */
import { createHash } from "node:crypto";
import { headers } from "next/headers";
import { getConfig } from "@/server/config";
import { decodeStudentCookie, readCookie, STUDENT_COOKIE } from "@/server/identity/student-cookie";

export async function pageStudentTag(): Promise<string> {
  const id = decodeStudentCookie(readCookie((await headers()).get("cookie"), STUDENT_COOKIE), getConfig().SESSION_SECRET);
  return id ? createHash("sha256").update(`hints:${id}`).digest("hex").slice(0, 16) : "";
}
