/**
 * The start of a Dockerfile up to the end of its first RUN instruction (continuation lines
 * included): what the layer cache seeds by default (./layer-cache-seed.ts). Comments and blank
 * lines make no layer and are dropped; a Dockerfile without RUN is kept whole.
 */
export function referencePrefix(dockerfile: string): string {
  const kept: string[] = [];
  let continued = false;
  let inRun = false;
  for (const line of dockerfile.split("\n")) {
    const starts = !continued;
    if (starts && /^\s*(#.*)?$/.test(line)) continue;
    if (starts) inRun = /^\s*RUN\s/i.test(line);
    kept.push(line);
    continued = /\\\s*$/.test(line);
    if (inRun && !continued) return `${kept.join("\n")}\n`;
  }
  return dockerfile;
}
