import { describe, expect, it } from "vitest";
import { pack } from "tar-stream";
import { readTarFileText } from "./tar-file-text";

async function tarOf(entries: { name: string; content?: string; type?: "file" | "symlink" | "directory"; linkname?: string }[]): Promise<Buffer> {
  const tar = pack();
  const chunks: Buffer[] = [];
  tar.on("data", (chunk: unknown) => void chunks.push(chunk as Buffer));
  const done = new Promise<void>((resolve) => tar.on("end", () => resolve()));
  for (const entry of entries) {
    const header = { name: entry.name, type: entry.type ?? "file", linkname: entry.linkname };
    if (entry.content === undefined) tar.entry(header);
    else tar.entry(header, entry.content);
  }
  tar.finalize();
  await done;
  return Buffer.concat(chunks);
}

describe("readTarFileText", () => {
  it("reads the named file, also below a folder", async () => {
    const tar = await tarOf([
      { name: "web", type: "directory" },
      { name: "web/Dockerfile", content: "FROM debian\n" },
      { name: "Dockerfile", content: "FROM top\n" },
    ]);
    expect(await readTarFileText(tar, "Dockerfile")).toBe("FROM top\n");
    expect(await readTarFileText(tar, "./web/Dockerfile")).toBe("FROM debian\n");
  });

  it("gives nothing for a missing file, a link in its place, or a file over the limit", async () => {
    const tar = await tarOf([
      { name: "Dockerfile", type: "symlink", linkname: "/etc/shadow" },
      { name: "big", content: "x".repeat(100) },
    ]);
    expect(await readTarFileText(tar, "missing")).toBeUndefined();
    expect(await readTarFileText(tar, "Dockerfile")).toBeUndefined();
    expect(await readTarFileText(tar, "big", 10)).toBeUndefined();
  });
});
