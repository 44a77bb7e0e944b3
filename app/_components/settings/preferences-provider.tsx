"use client";
/**
 * The display preferences of the page (read from the cookies on the server, app/layout.tsx) and
 * how a change is applied: cookie written, <html data-theme data-font-size> updated at once, and
 * the editor and terminal follow through `usePreferences()`.
 */
import { createContext, useCallback, useContext, useMemo, useState, useSyncExternalStore, type ReactNode } from "react";
import { DEFAULT_PREFERENCES, FONT_SIZE_COOKIE, THEME_COOKIE, preferenceCookie, resolveTheme, type Preferences, type Theme } from "./preferences";

type PreferencesValue = {
  preferences: Preferences;
  /** The theme on screen ("system" resolved through the browser's colour scheme). */
  theme: Theme;
  setPreference: <K extends keyof Preferences>(key: K, value: Preferences[K]) => void;
};

const PreferencesContext = createContext<PreferencesValue>({
  preferences: DEFAULT_PREFERENCES,
  theme: "light",
  setPreference: () => undefined,
});

const DARK_QUERY = "(prefers-color-scheme: dark)";
const subscribeToScheme = (onChange: () => void) => {
  const query = window.matchMedia(DARK_QUERY);
  query.addEventListener("change", onChange);
  return () => query.removeEventListener("change", onChange);
};

export function PreferencesProvider({ initial, children }: { initial: Preferences; children: ReactNode }) {
  const [preferences, setPreferences] = useState(initial);
  const systemDark = useSyncExternalStore(
    subscribeToScheme,
    () => window.matchMedia(DARK_QUERY).matches,
    () => false,
  );
  const setPreference = useCallback(<K extends keyof Preferences>(key: K, value: Preferences[K]) => {
    document.cookie = preferenceCookie(key === "theme" ? THEME_COOKIE : FONT_SIZE_COOKIE, value);
    document.documentElement.dataset[key === "theme" ? "theme" : "fontSize"] = value;
    setPreferences((current) => ({ ...current, [key]: value }));
  }, []);
  const value = useMemo(() => ({ preferences, theme: resolveTheme(preferences.theme, systemDark), setPreference }), [preferences, systemDark, setPreference]);
  return <PreferencesContext.Provider value={value}>{children}</PreferencesContext.Provider>;
}

export const usePreferences = () => useContext(PreferencesContext);
