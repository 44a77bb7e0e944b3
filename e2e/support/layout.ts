/** What a user sees of an element's place on screen. */
import type { Locator } from "playwright-core";

/**
 * Whether the element is the one a click at its centre reaches (itself or something inside it),
 * not another element painted over it.
 */
export async function isOnTop(locator: Locator): Promise<boolean> {
  return locator.evaluate((element) => {
    const rect = element.getBoundingClientRect();
    if (rect.width === 0 || rect.height === 0) return false;
    const hit = document.elementFromPoint(rect.left + rect.width / 2, rect.top + rect.height / 2);
    return hit !== null && (hit === element || element.contains(hit));
  });
}
