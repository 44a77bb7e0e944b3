"use client";
/**
 * The top bar's display settings: theme, text size and (on the workbench) a layout preset. A
 * disclosure: the button opens a small panel of native radio groups (arrow keys move within a
 * group, Tab between groups); Escape or a click elsewhere closes it and the focus returns.
 */
import { useEffect, useId, useRef, useState } from "react";
import type { MessageKey } from "@/lib/i18n/messages";
import { useI18n } from "../i18n";
import { SettingsIcon } from "../icons";
import { useDismiss } from "../use-dismiss";
import { FONT_SIZES, THEMES } from "./preferences";
import { usePreferences } from "./preferences-provider";

export type LayoutChoice<P extends string> = {
  presets: readonly P[];
  current: P | null;
  label: (preset: P) => MessageKey;
  choose: (preset: P) => void;
};

export function SettingsMenu<P extends string>({ layout }: { layout?: LayoutChoice<P> }) {
  const { t } = useI18n();
  const { preferences, setPreference } = usePreferences();
  const [open, setOpen] = useState(false);
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const panelRef = useRef<HTMLDivElement>(null);
  const id = useId();

  useEffect(() => {
    if (open) panelRef.current?.querySelector<HTMLElement>("input:checked, button")?.focus();
  }, [open]);
  useDismiss(
    open,
    rootRef,
    () => setOpen(false),
    () => buttonRef.current?.focus(),
  );

  return (
    <div className="settings" ref={rootRef}>
      <button
        ref={buttonRef}
        type="button"
        className="btn btn-ghost-dark settings-button"
        aria-expanded={open}
        aria-controls={`${id}-panel`}
        data-testid="settings-button"
        title={t("settings.title")}
        onClick={() => setOpen((value) => !value)}
      >
        <SettingsIcon />
        <span className="settings-button-label">{t("settings.button")}</span>
      </button>
      <div ref={panelRef} id={`${id}-panel`} className="settings-panel" hidden={!open} data-testid="settings-panel">
        <fieldset>
          <legend>{t("settings.theme")}</legend>
          {THEMES.map((theme) => (
            <label key={theme} className="settings-option">
              <input type="radio" name={`${id}-theme`} value={theme} checked={preferences.theme === theme} onChange={() => setPreference("theme", theme)} />
              {t(`settings.theme.${theme}`)}
            </label>
          ))}
        </fieldset>
        <fieldset>
          <legend>{t("settings.fontSize")}</legend>
          {FONT_SIZES.map((size) => (
            <label key={size} className="settings-option">
              <input type="radio" name={`${id}-font`} value={size} checked={preferences.fontSize === size} onChange={() => setPreference("fontSize", size)} />
              {t(`settings.fontSize.${size}`)}
            </label>
          ))}
        </fieldset>
        {layout && (
          <fieldset>
            <legend>{t("settings.layout")}</legend>
            {layout.presets.map((preset) => (
              <label key={preset} className="settings-option">
                <input type="radio" name={`${id}-layout`} value={preset} checked={layout.current === preset} onChange={() => layout.choose(preset)} />
                {t(layout.label(preset))}
              </label>
            ))}
          </fieldset>
        )}
      </div>
    </div>
  );
}
