/**
 * The student's display preferences: colour theme and text size. Kept in cookies (a year) so the
 * server renders the page with them (no flash of the wrong theme); the page applies a change at
 * once through data attributes on <html>. No node:* imports: the browser uses it too.
 */
export const THEMES = ["system", "light", "dark"] as const;
export type ThemePreference = (typeof THEMES)[number];
export type Theme = Exclude<ThemePreference, "system">;

export const FONT_SIZES = ["small", "medium", "large"] as const;
export type FontSize = (typeof FONT_SIZES)[number];

export type Preferences = { theme: ThemePreference; fontSize: FontSize };
export const DEFAULT_PREFERENCES: Preferences = { theme: "system", fontSize: "medium" };

export const THEME_COOKIE = "wb_theme";
export const FONT_SIZE_COOKIE = "wb_font_size";
export const PREFERENCE_COOKIE_MAX_AGE = 365 * 24 * 3600;

/** Pixel sizes of the editor and terminal text for each text size (the page scales by rem). */
export const CODE_FONT_PX: Record<FontSize, number> = { small: 12, medium: 13, large: 15 };

const isOneOf = <T extends string>(values: readonly T[], value: unknown): value is T => typeof value === "string" && (values as readonly string[]).includes(value);

/** The preferences in the cookies; anything unknown or missing falls back to the default. */
export function parsePreferences(cookies: { theme?: string | null; fontSize?: string | null }): Preferences {
  return {
    theme: isOneOf(THEMES, cookies.theme) ? cookies.theme : DEFAULT_PREFERENCES.theme,
    fontSize: isOneOf(FONT_SIZES, cookies.fontSize) ? cookies.fontSize : DEFAULT_PREFERENCES.fontSize,
  };
}

/** The theme shown: the chosen one, or the system's when the student left it to the system. */
export function resolveTheme(preference: ThemePreference, systemPrefersDark: boolean): Theme {
  if (preference === "system") return systemPrefersDark ? "dark" : "light";
  return preference;
}

/** `Set-Cookie`-style text for document.cookie. */
export function preferenceCookie(name: typeof THEME_COOKIE | typeof FONT_SIZE_COOKIE, value: string): string {
  return `${name}=${value}; path=/; max-age=${PREFERENCE_COOKIE_MAX_AGE}; samesite=lax`;
}
