/**
 * The terminal's colours in each theme. The light one keeps ANSI colours dark enough to read on
 * white (ls and the prompt colour their output); the dark one is the terminal as it always was.
 */
import type { ITheme } from "@xterm/xterm";
import type { Theme } from "../settings/preferences";

export const TERMINAL_THEMES: Record<Theme, ITheme> = {
  dark: {
    background: "#0f1419",
    foreground: "#d8dee9",
    cursor: "#f0f0f0",
    selectionBackground: "#3a4b63",
    black: "#1c2128",
    brightBlack: "#5c6773",
  },
  light: {
    background: "#fbfcfd",
    foreground: "#1d2733",
    cursor: "#1d2733",
    cursorAccent: "#fbfcfd",
    selectionBackground: "#b9d3f7",
    black: "#1d2733",
    red: "#b3261e",
    green: "#1a7f37",
    yellow: "#7a5200",
    blue: "#174fc0",
    magenta: "#8250df",
    cyan: "#0b6e7a",
    white: "#5b6b7c",
    brightBlack: "#4b5866",
    brightRed: "#a11c14",
    brightGreen: "#116329",
    brightYellow: "#6a4700",
    brightBlue: "#0b3d91",
    brightMagenta: "#6639ba",
    brightCyan: "#075a64",
    brightWhite: "#3d4a5a",
  },
};
