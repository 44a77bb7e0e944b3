/**
 * The options every xterm of the workbench opens with, in one place: the terminal view's own, and
 * the one the step page's boot script opens before React starts (./terminal-boot.ts), which the
 * view then adopts. No DOM here: the page's server code builds the boot script from it.
 */
import type { ITerminalOptions } from "@xterm/xterm";
import type { Theme } from "../settings/preferences";
import { TERMINAL_THEMES } from "./terminal-themes";

export const TERMINAL_FONT_FAMILY = 'ui-monospace, "SF Mono", "Cascadia Mono", "Roboto Mono", Menlo, Consolas, "DejaVu Sans Mono", monospace';

/** Everything but the theme and the text size, which follow the student's settings. */
export const BASE_TERMINAL_OPTIONS = {
  cursorBlink: true,
  fontFamily: TERMINAL_FONT_FAMILY,
  lineHeight: 1.15,
  scrollback: 5000,
  allowProposedApi: false,
} as const satisfies ITerminalOptions;

export function terminalOptions(theme: Theme, fontSize: number): ITerminalOptions {
  return { ...BASE_TERMINAL_OPTIONS, fontSize, theme: TERMINAL_THEMES[theme] };
}
