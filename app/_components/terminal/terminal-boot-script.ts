/**
 * The step page's inline module script that draws the terminal before React starts
 * (./terminal-boot.ts), and the xterm modules it imports, served from this workbench by
 * app/terminal-boot/[file]/route.ts (nothing from a CDN). The module names carry the package
 * versions, so the browser may keep them for good. xterm's stylesheet is the page's own (the view
 * imports it): a render-blocking link in the page's head, so it is there before the boot paints.
 */
import xtermPackage from "@xterm/xterm/package.json";
import fitPackage from "@xterm/addon-fit/package.json";
import { CODE_FONT_PX, DEFAULT_PREFERENCES } from "../settings/preferences";
import { EARLY_SOCKET_KEY } from "../socket/early-socket";
import { MAX_TERMINAL_INPUT } from "@/lib/protocol/messages";
import { PAGE_MARKS } from "../page-marks";
import { BOOT_TERMINAL_KEY, TERMINAL_SLOT_ATTRIBUTE, bootTerminal, type BootConfig } from "./terminal-boot";
import { BASE_TERMINAL_OPTIONS } from "./terminal-options";
import { TERMINAL_THEMES } from "./terminal-themes";

export const TERMINAL_BOOT_PATH = "/terminal-boot";

/** The served module's name → the file in node_modules it is. */
export const TERMINAL_BOOT_MODULES: Record<string, string> = {
  [`xterm-${xtermPackage.version}.mjs`]: "@xterm/xterm/lib/xterm.mjs",
  [`addon-fit-${fitPackage.version}.mjs`]: "@xterm/addon-fit/lib/addon-fit.mjs",
};

const [XTERM_MODULE, FIT_MODULE] = Object.keys(TERMINAL_BOOT_MODULES).map((name) => `${TERMINAL_BOOT_PATH}/${name}`) as [string, string];

/** What the page preloads (high priority), so the modules load alongside the page's own scripts. */
export const TERMINAL_BOOT_MODULE_URLS = [XTERM_MODULE, FIT_MODULE] as const;

export const TERMINAL_BOOT_CONFIG: BootConfig = {
  earlySocketKey: EARLY_SOCKET_KEY,
  bootKey: BOOT_TERMINAL_KEY,
  slotSelector: `[${TERMINAL_SLOT_ATTRIBUTE}]`,
  options: BASE_TERMINAL_OPTIONS,
  themes: TERMINAL_THEMES,
  fontPx: CODE_FONT_PX,
  defaultFontPx: CODE_FONT_PX[DEFAULT_PREFERENCES.fontSize],
  maxInput: MAX_TERMINAL_INPUT,
  marks: { open: PAGE_MARKS.terminalOpen, drawn: PAGE_MARKS.terminalDrawn },
};

/** `<script type="module">`: deferred (runs once the page is parsed and its stylesheets are in), after its two imports. */
export const TERMINAL_BOOT_SCRIPT =
  `import{Terminal}from${JSON.stringify(XTERM_MODULE)};import{FitAddon}from${JSON.stringify(FIT_MODULE)};` +
  `(${bootTerminal.toString()})(window,Terminal,FitAddon,${JSON.stringify(TERMINAL_BOOT_CONFIG).replace(/</g, "\\u003c")});`;
