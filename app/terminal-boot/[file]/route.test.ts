import { describe, expect, it } from "vitest";
import { GET } from "./route";
import { TERMINAL_BOOT_MODULES } from "../../_components/terminal/terminal-boot-script";

const get = (file: string) => GET(new Request(`http://localhost/terminal-boot/${encodeURIComponent(file)}`), { params: Promise.resolve({ file }) });

describe("GET /terminal-boot/<module>", () => {
  it("serves each listed xterm module as JavaScript, cached for good", async () => {
    for (const name of Object.keys(TERMINAL_BOOT_MODULES)) {
      const answer = await get(name);
      expect(answer.status).toBe(200);
      expect(answer.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
      expect(answer.headers.get("cache-control")).toContain("immutable");
      expect((await answer.text()).length).toBeGreaterThan(1000);
    }
  });

  it("refuses anything else, a path out of node_modules or an inherited name included", async () => {
    for (const name of ["../package.json", "..%2F..%2F.env", "/etc/passwd", "__proto__", "constructor", "toString", "xterm.mjs", ""]) {
      const answer = await get(name);
      expect(answer.status, name).toBe(404);
      expect(await answer.text()).toBe("not found");
    }
  });
});
