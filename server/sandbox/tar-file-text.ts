/** The text of one regular file of a tar held in memory (a packed build context), or undefined when it has no such file or it is larger than maxBytes. */
import path from "node:path";
import { Readable } from "node:stream";
import { extract } from "tar-stream";

export function readTarFileText(tar: Buffer, name: string, maxBytes = 1024 * 1024): Promise<string | undefined> {
  const wanted = path.posix.normalize(name).replace(/^\.\//, "");
  return new Promise((resolve, reject) => {
    const reader = extract();
    let found: string | undefined;
    reader.on("entry", (header, body, next) => {
      const match = found === undefined && header.type === "file" && path.posix.normalize(header.name).replace(/^\.\//, "") === wanted && (header.size ?? 0) <= maxBytes;
      const chunks: Buffer[] = [];
      body.on("data", (chunk: unknown) => {
        if (match) chunks.push(chunk as Buffer);
      });
      body.on("end", () => {
        if (match) found = Buffer.concat(chunks).toString("utf8");
        next();
      });
    });
    reader.on("finish", () => resolve(found));
    reader.on("error", reject);
    Readable.from([tar]).pipe(reader);
  });
}
