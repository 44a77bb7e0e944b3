/** The display preferences of the page being rendered on the server, from the student's cookies. */
import { cookies } from "next/headers";
import { FONT_SIZE_COOKIE, THEME_COOKIE, parsePreferences, type Preferences } from "../_components/settings/preferences";

export async function pagePreferences(): Promise<Preferences> {
  const jar = await cookies();
  return parsePreferences({ theme: jar.get(THEME_COOKIE)?.value, fontSize: jar.get(FONT_SIZE_COOKIE)?.value });
}
