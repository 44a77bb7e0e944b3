/** The French lessons write their prose's apostrophes as ’ (as the interface's French does), never ' — except in what a student copies. */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { proseOfMarkdown, straightElisions, withTypographicApostrophes } from "./french-typography";

const LESSONS = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../../lessons");
const lessonDirs = readdirSync(LESSONS, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && /^\d{2}-/.test(entry.name))
  .map((entry) => entry.name);

/** A YAML file's text without its comment lines (they are notes to the author, in English). */
const withoutYamlComments = (source: string) =>
  source
    .split("\n")
    .map((line) => (/^\s*#/.test(line) ? "" : line))
    .join("\n");

describe("the French lessons' apostrophes", () => {
  it("finds the nine lessons", () => {
    expect(lessonDirs.length).toBe(9);
  });

  it.each(lessonDirs)("%s/lesson.fr.md writes ’ in its prose", (dir) => {
    const source = readFileSync(path.join(LESSONS, dir, "lesson.fr.md"), "utf8");
    expect(straightElisions(proseOfMarkdown(source), source)).toEqual([]);
  });

  it.each(lessonDirs)("%s/checks.fr.yaml writes ’ in its titles and hints", (dir) => {
    const source = withoutYamlComments(readFileSync(path.join(LESSONS, dir, "checks.fr.yaml"), "utf8"));
    expect(straightElisions(source)).toEqual([]);
  });

  it("refuses a straight elision in prose and leaves alone what a student copies", () => {
    const markdown = [
      "Partez de l'image officielle, d'`ENV` et d'**un seul** nœud.",
      "Créez `'admin'@'%'` puis lancez `echo 'l'`.",
      "```sh",
      "docker image inspect -f '{{.Config.User}}' l'image",
      "```",
      "<!-- checks: qu'il -->",
      "[le lien](https://example.org/l'adresse)",
    ].join("\n");
    expect(straightElisions(proseOfMarkdown(markdown), markdown).map((found) => found.line)).toEqual([1, 1, 1]);
    expect(withTypographicApostrophes(markdown)).toBe(markdown.replace("l'image officielle", "l’image officielle").replace("d'`ENV`", "d’`ENV`").replace("d'**un", "d’**un"));
    // A command written in a hint's prose keeps its quotes: they are not elisions.
    expect(straightElisions("créez-le comme 'admin'@'%' IDENTIFIED BY 'tempo' ; sed -i 's/^a/#a/' f")).toEqual([]);
  });
});
