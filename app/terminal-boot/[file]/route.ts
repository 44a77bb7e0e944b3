/**
 * GET /terminal-boot/<module>: xterm's own ES modules for the step page's boot script
 * (app/_components/terminal/terminal-boot-script.ts), read from node_modules once and served from
 * memory. Only the listed names: anything else is a 404. The names carry the versions: cached for good.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { TERMINAL_BOOT_MODULES } from "../../_components/terminal/terminal-boot-script";

const loaded = new Map<string, Promise<string>>();

function moduleText(file: string): Promise<string> {
  let text = loaded.get(file);
  if (!text) {
    text = readFile(path.join(process.cwd(), "node_modules", TERMINAL_BOOT_MODULES[file]!), "utf8");
    text.catch(() => loaded.delete(file));
    loaded.set(file, text);
  }
  return text;
}

export async function GET(_request: Request, { params }: { params: Promise<{ file: string }> }): Promise<Response> {
  const { file } = await params;
  if (!Object.hasOwn(TERMINAL_BOOT_MODULES, file)) return new Response("not found", { status: 404, headers: { "content-type": "text/plain; charset=utf-8" } });
  try {
    return new Response(await moduleText(file), {
      headers: { "content-type": "text/javascript; charset=utf-8", "cache-control": "public, max-age=31536000, immutable", "x-content-type-options": "nosniff" },
    });
  } catch {
    return new Response("the terminal's module is missing on the server", { status: 500, headers: { "content-type": "text/plain; charset=utf-8" } });
  }
}
