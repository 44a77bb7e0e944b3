/** The YAML-with-lines reader other compose judges build on, and the port and environment readers. */
import { describe, expect, it } from "vitest";
import { readComposeDocument, readEnvironment } from "./compose-document";
import { renderText } from "../../../lib/i18n/render-text";
import { portCovers, readComposePort } from "./compose-ports";

const TEXT = `version: "3.1"

services:
  wordpress:
    image: wordpress
    ports:
      - 8080:80
  db:
    image: mysql:5.7
`;

describe("readComposeDocument", () => {
  it("gives the line of keys, list items and values, and of the nearest existing key", () => {
    const reading = readComposeDocument(TEXT);
    if (!reading.ok) throw new Error(renderText(reading.problem, "en"));
    const doc = reading.document;
    expect(doc.lineOf(["version"])).toBe(1);
    expect(doc.lineOf(["services", "db"])).toBe(8);
    expect(doc.lineOf(["services", "wordpress", "ports", 0])).toBe(7);
    expect(doc.valueLineOf(["services", "db", "image"])).toBe(9);
    expect(doc.lineOf(["services", "db", "environment"])).toBeUndefined();
    expect(doc.nearestLineOf(["services", "db", "environment", "MYSQL_USER"])).toBe(8);
    expect(doc.value).toMatchObject({ services: { wordpress: { ports: ["8080:80"] } } });
  });

  it("returns a problem with a line for invalid YAML, without throwing", () => {
    const reading = readComposeDocument('version: "3"\nservices:\n  db:\n    image: "mysql\n');
    expect(reading.ok).toBe(false);
    if (!reading.ok) {
      expect(reading.line).toBeGreaterThanOrEqual(4);
      // The YAML library's words are quoted as they are, inside a sentence in the reader's language.
      expect(renderText(reading.problem, "en")).toMatch(/^The file is not valid YAML: \S/);
      expect(renderText(reading.problem, "fr")).toMatch(/^Le fichier n’est pas du YAML valide : « \S.*»$/);
    }
    const tabs = readComposeDocument("services:\n\tdb: {}\n");
    expect(tabs.ok).toBe(false);
  });
});

describe("readComposePort", () => {
  it.each([
    ["8080:80", { host: "8080", container: "80", protocol: "tcp" }],
    [80, { host: null, container: "80", protocol: "tcp" }],
    ["127.0.0.1:8080:80/udp", { host: "8080", container: "80", protocol: "udp" }],
    ["[::1]:8080:80", { host: "8080", container: "80", protocol: "tcp" }],
    ["127.0.0.1::80", { host: null, container: "80", protocol: "tcp" }],
    [
      { target: 80, published: 8080 },
      { host: "8080", container: "80", protocol: "tcp" },
    ],
    [
      { target: 80, published: "8080", mode: "host" },
      { host: "8080", container: "80", protocol: "tcp" },
    ],
  ])("reads %j", (entry, port) => {
    expect(readComposePort(entry)).toEqual({ ok: true, port });
  });

  it.each([["eighty"], ["1:2:3:4"], [{ published: 80 }], [null]])("rejects %j", (entry) => {
    expect(readComposePort(entry).ok).toBe(false);
  });

  it("matches ports and ranges", () => {
    expect(portCovers("3300-3310", "3306")).toBe(true);
    expect(portCovers("3306", "3306/tcp")).toBe(true);
    expect(portCovers("33060", "3306")).toBe(false);
  });
});

describe("readEnvironment", () => {
  it("reads a list and a map alike", () => {
    expect(readEnvironment(["A=1", "B", "C=x=y"])).toEqual(
      new Map([
        ["A", "1"],
        ["B", null],
        ["C", "x=y"],
      ]),
    );
    expect(readEnvironment({ A: 1, B: null, C: "x" })).toEqual(
      new Map([
        ["A", "1"],
        ["B", null],
        ["C", "x"],
      ]),
    );
  });
});
