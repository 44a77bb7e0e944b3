/** Typing into Monaco the way a student pastes text. */
import type { Page } from "playwright-core";

/**
 * Replaces the open file's text as a student pasting it does (typed YAML or a Dockerfile would be
 * re-indented by the editor at every new line): the text goes to the clipboard, then select all
 * and Ctrl+V. The page's context needs the clipboard permissions (`context.grantPermissions`).
 */
export async function pasteIntoEditor(page: Page, text: string): Promise<void> {
  await page.evaluate((copied) => navigator.clipboard.writeText(copied), text);
  await page.getByTestId("editor").locator(".monaco-editor").first().click();
  await page.keyboard.press("Control+A");
  await page.keyboard.press("Control+V");
}
