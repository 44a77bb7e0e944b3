/** Sizes in each language's units: GiB/MiB/KiB in English, Gio/Mio/Kio with a decimal comma in French. */
import { describe, expect, it } from "vitest";
import { renderText } from "./render-text";
import { bytesOf, mibOf, say } from "./text-ref";
import { formatBytesIn, formatGiBIn, formatMiBIn } from "./format-size";

describe("sizes", () => {
  it("are written in English as before: whole GiB as GiB, else MiB; bytes to one decimal", () => {
    expect(formatMiBIn(8192, "en")).toBe("8 GiB");
    expect(formatMiBIn(1536, "en")).toBe("1536 MiB");
    expect(formatBytesIn(1536 * 1024, "en")).toBe("1.5 MiB");
    expect(formatBytesIn(2048, "en")).toBe("2 KiB");
    expect(formatBytesIn(200, "en")).toBe("200 bytes");
  });

  it("are written in French with Gio, Mio, Kio and octets, a decimal comma and a no-break space", () => {
    expect(formatMiBIn(8192, "fr")).toBe("8\u00a0Gio");
    expect(formatMiBIn(200, "fr")).toBe("200\u00a0Mio");
    expect(formatBytesIn(1536 * 1024, "fr")).toBe("1,5\u00a0Mio");
    expect(formatBytesIn(12.5 * 1024, "fr")).toBe("12,5\u00a0Kio");
    expect(formatBytesIn(200, "fr")).toBe("200\u00a0octets");
  });

  it("give a disk's size in GiB to one decimal, however large", () => {
    expect(formatGiBIn(12.5 * 1024 ** 3, "en")).toBe("12.5 GiB");
    expect(formatGiBIn(512 * 1024 ** 2, "en")).toBe("0.5 GiB");
    expect(formatGiBIn(2 * 1024 ** 4, "fr")).toBe("2048\u00a0Gio");
  });

  it("are said in the page's language inside a message", () => {
    expect(renderText(say("disk.size", { size: mibOf(8192) }), "en")).toBe(" (8 GiB)");
    expect(renderText(say("disk.size", { size: mibOf(8192) }), "fr")).toBe(" (8\u00a0Gio)");
    expect(renderText(say("disk.size", { size: bytesOf(1536 * 1024) }), "fr")).toBe(" (1,5\u00a0Mio)");
  });
});
