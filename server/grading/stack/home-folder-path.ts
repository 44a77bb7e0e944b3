/**
 * Whether a bind-mount source names a folder directly in the user's home, however it is written:
 * `~/data`, `$HOME/data`, `${HOME}/data`, `/home/$USER/data`, `/home/${USER}/data` or
 * `/home/alice/data` (a trailing slash is fine). Compose expands `~` and the variables itself.
 */
const HOME_FORMS = String.raw`(?:~|\$HOME|\$\{HOME\}|/home/(?:\$USER|\$\{USER\}|\$LOGNAME|\$\{LOGNAME\}|[A-Za-z0-9._-]+))`;

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

export function isHomeFolderPath(source: string, folder: string): boolean {
  return new RegExp(`^${HOME_FORMS}/+${escapeRegex(folder)}/*$`).test(source.trim());
}

/** The folder's last path component, to tell "right name, wrong place" from "another folder". */
export function lastComponent(source: string): string {
  return source.replace(/\/+$/, "").split("/").at(-1) ?? source;
}
