/**
 * Whether a bind-mount source names a folder directly in the learner's home, however it is
 * written: `~/data`, `$HOME/data`, `${HOME}/data`, `/home/$USER/data`, `/home/${USER}/data` or
 * `/home/learner/data` (a trailing slash is fine). Compose expands `~` and the variables itself.
 * A home written literally for another user (`/home/alice/data`) is not the learner's: compose
 * would make or use a folder outside it, so the judges say so instead of letting `up` fail.
 */

/**
 * The learner's account in the workbench (LEARNER_USER in server/sandbox/engine-options.ts, which
 * the grading core may not import; a unit test keeps the two equal).
 */
export const LEARNER_ACCOUNT = "learner";

const HOME_FORMS = String.raw`(?:~|\$HOME|\$\{HOME\}|/home/(?:\$USER|\$\{USER\}|\$LOGNAME|\$\{LOGNAME\}|${LEARNER_ACCOUNT}))`;

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

export function isHomeFolderPath(source: string, folder: string): boolean {
  return new RegExp(`^${HOME_FORMS}/+${escapeRegex(folder)}/*$`).test(source.trim());
}

/**
 * The user whose home a source names literally when that is not the learner (`/home/alice/data`
 * → "alice"), for the folder asked; null otherwise.
 */
export function otherUsersHome(source: string, folder: string): string | null {
  const match = new RegExp(`^/home/+([A-Za-z0-9._-]+)/+${escapeRegex(folder)}/*$`).exec(source.trim());
  return match && match[1] !== LEARNER_ACCOUNT ? match[1]! : null;
}

/** The folder's last path component, to tell "right name, wrong place" from "another folder". */
export function lastComponent(source: string): string {
  return source.replace(/\/+$/, "").split("/").at(-1) ?? source;
}
