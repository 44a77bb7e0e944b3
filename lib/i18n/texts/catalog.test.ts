/** Every message of the catalog is written in both languages, with the same values, in the course's French typography. */
import { describe, expect, it } from "vitest";
import { renderText } from "../render-text";
import { pluralBlocksOf } from "../plural";
import { listOf, say } from "../text-ref";
import { TEXT_AREAS, TEXTS } from "./catalog";

// A plural's number counts as a placeholder (`{count, plural, …}` in one language and `{count}` in the other is fine); a branch's `{…}` is text.
const placeholders = (template: string) => [...new Set([...template.matchAll(/(?<!(?:zero|one|two|few|many|other|=\d+)\s*)\{(\w+)(?:\}|,\s*plural,)/g)].map((m) => m[1]))].sort();
const entries = Object.entries(TEXTS) as [string, { en: string; fr: string }][];

describe("the message catalog", () => {
  it.each(entries)("%s has French with the same values as its English", (_key, { en, fr }) => {
    expect(fr.trim()).not.toBe("");
    expect(placeholders(fr)).toEqual(placeholders(en));
    // Only a template made of values alone may read the same in both languages.
    if (/[a-z]{3}/i.test(en.replace(/\{\w+\}/g, ""))) expect(fr).not.toBe(en);
  });

  it.each(entries)("%s is written with French typography (’, « », a space before : and ;)", (_key, { fr }) => {
    // Code keeps its own quotes: `docker swarm init`, ["bash", "-c", "…"], maintainer="…", sh -c "…".
    const prose = fr.replace(/`[^`]*`|\[[^\]]*\]|\w+="[^"]*"|-c "…"/g, "").replace(/\{\w+\}/g, "");
    expect(prose).not.toMatch(/'/);
    expect(prose).not.toMatch(/"/);
    expect(prose).not.toMatch(/[^\s\d](:|;)(\s|$)/);
  });

  it.each(entries)("%s says a count with a noun as a plural, never with “(s)”, and writes its plurals so they can be chosen", (_key, { en, fr }) => {
    expect(en).not.toMatch(/\(s\)/);
    expect(fr).not.toMatch(/\((?:s|e|es|x)\)/);
    for (const template of [en, fr]) expect(pluralBlocksOf(template).filter((block) => block.branches === null)).toEqual([]);
  });

  it("has each key in one area only", () => {
    const keys = Object.values(TEXT_AREAS).flatMap((area) => Object.keys(area));
    expect(keys.length).toBe(new Set(keys).size);
  });
});

describe("renderText", () => {
  it("says lists, nested messages and values in the language asked for, quoting values unchanged", () => {
    const text = say("folder.incomplete", { folder: "1_x", notes: listOf([say("folder.fileMissing", { file: "start.sh" }), say("folder.fileMissing", { file: "it's 'quoted'" })]) });
    expect(renderText(text, "en")).toBe("The folder 1_x/ is there, but start.sh is missing and it's 'quoted' is missing.");
    expect(renderText(text, "fr")).toBe("Le dossier 1_x/ est bien là, mais start.sh manque et it's 'quoted' manque.");
    expect(renderText(say("folder.found", { files: listOf(["a", "b", "c"], "or") }), "fr")).toBe("Trouvé : a, b ou c.");
  });

  it("names another check by its title in the page's language when the lesson gives one, else by its English", () => {
    const text = say("run.skippedFor", { title: { check: "build", title: "The image builds" } });
    expect(renderText(text, "en")).toBe('Not checked: it needs "The image builds" to pass first.');
    expect(renderText(text, "fr", { checkTitles: { build: "L’image se construit" } })).toBe("Non vérifiée : il faut d’abord que « L’image se construit » réussisse.");
    expect(renderText(text, "fr")).toBe("Non vérifiée : il faut d’abord que « The image builds » réussisse.");
  });

  it("agrees a count with its noun in each language (French says 0 and 1 in the singular)", () => {
    const found = (count: number, locale: "en" | "fr") => renderText(say("containers.passCount", { count }), locale);
    expect([0, 1, 2].map((count) => found(count, "en"))).toEqual(["Found 0 containers.", "Found 1 container.", "Found 2 containers."]);
    expect([0, 1, 2].map((count) => found(count, "fr"))).toEqual(["0 conteneur trouvé.", "1 conteneur trouvé.", "2 conteneurs trouvés."]);
    expect(renderText(say("lint.toFix", { count: 1 }), "fr")).toBe("À corriger (1 problème) :");
    expect(renderText(say("lint.toFix", { count: 3 }), "en")).toBe("To fix (3 problems):");
    expect(renderText(say("auth.tooManySignIns", { minutes: 1 }), "fr")).toBe("Trop de connexions échouées. Réessayez dans 1 minute.");
    expect(renderText(say("auth.tooManyWrongPasswords", { minutes: 15 }), "en")).toBe("Too many wrong passwords. Try again in 15 minutes.");
    expect(renderText(say("journey.folderHolds", { path: "~/db", count: 1 }), "en")).toBe("~/db holds 1 entry");
    const waits = (waiting: number) => renderText(say("swarm.waits", { service: "web", count: 3, running: 1, waiting, quote: "" }), "fr");
    expect(waits(1)).toContain("; l’autre attend un autre nœud :");
    expect(waits(2)).toContain("; les autres attendent un autre nœud :");
    expect(renderText(say("swarm.waits", { service: "web", count: 4, running: 2, waiting: 2, quote: "" }), "en")).toMatch(/^web is set to 4 replicas, as asked, and 2 run; the others wait/);
    expect(renderText(say("deploy.noReplicas", { service: "web", count: 1 }), "fr")).toMatch(/^web devait demander 1 réplique \(deploy, replicas 1\)/);
    expect(renderText(say("swarm.nodesReady", { count: 3, ready: 1, seen: "node1", advice: "" }), "fr")).toMatch(/^Il fallait 3 nœuds Ready et actifs dans le swarm/);
  });

  it("gives nothing for a plural whose number is missing or not a number (the page then shows the English)", () => {
    expect(renderText(say("containers.passCount"), "fr")).toBeUndefined();
    expect(renderText(say("containers.passCount", { count: "two" }), "fr")).toBeUndefined();
  });

  it("gives nothing for an unknown key, a missing value or a message nested without end", () => {
    expect(renderText({ key: "no.such.key" }, "fr")).toBeUndefined();
    expect(renderText({ key: "folder.fileMissing" }, "fr")).toBeUndefined();
    expect(renderText({ key: "toString" }, "fr")).toBeUndefined();
    let deep = say("common.then", { text: "x" });
    for (let i = 0; i < 20; i++) deep = say("common.then", { text: deep });
    expect(renderText(deep, "fr")).toBeUndefined();
  });
});
