/**
 * Failing fixtures of each kind whose messages are in the catalog, read in both languages: the
 * English is the result's message, the French is French, and what the student wrote or the
 * engine said is quoted unchanged.
 */
import { describe, expect, it } from "vitest";
import type { CheckResult } from "../../../lib/protocol/messages";
import { renderText } from "../../../lib/i18n/render-text";
import type { BuildOutcome } from "../evidence";
import { specOf, STEP1_FOLDER, workspaceWithDockerfile } from "../fixtures/test-workspace";
import { judgeDynamic } from "../judge";
import { judgeBaseImage } from "../kinds/base-image/judge";
import { judgeBuild } from "../kinds/build/judge";
import { judgeFolder } from "../kinds/folder/judge";
import { judgeInstruction } from "../kinds/instruction/judge";

/** Words of the English messages that a French one never has. */
const ENGLISH = /\b(Expected|the|is missing|found|instead|holds|build failed|Last output|Not checked)\b/;

function bothLanguages(result: CheckResult): { en: string; fr: string } {
  expect(result.text, `no text for: ${result.message}`).toBeDefined();
  const en = renderText(result.text!, "en");
  const fr = renderText(result.text!, "fr");
  expect(en).toBe(result.message);
  expect(fr).toBeDefined();
  return { en: en!, fr: fr! };
}

const build = specOf({ kind: "build", tag: "wp" });
const outcome = (o: Partial<BuildOutcome>): BuildOutcome => ({ kind: "build", ok: false, timedOut: false, logTail: "", durationMs: 1000, ...o });
const APT_DOCKERFILE = 'FROM debian\nRUN apt-get update \\\n && apt-get install -y mariadb-servr\nCMD ["bash"]\n';

const FAILING: [string, () => CheckResult, string[]][] = [
  ["folder: a misspelt folder", () => judgeFolder(specOf({ kind: "folder" }), workspaceWithDockerfile("FROM debian\n", "1_Worpress_Multiservice_Dirty")), ["1_Worpress_Multiservice_Dirty/"]],
  [
    "folder: a file under another case",
    () => judgeFolder(specOf({ kind: "folder" }), { folder: STEP1_FOLDER, files: { [`${STEP1_FOLDER}/dockerfile`]: "FROM debian\n" } }),
    ["dockerfile", "Dockerfile"],
  ],
  [
    "base-image: no Dockerfile",
    () => judgeBaseImage(specOf({ kind: "base-image", image: "debian", tag: "latest" }), { folder: STEP1_FOLDER, files: { [`${STEP1_FOLDER}/start.sh`]: "" } }),
    [`${STEP1_FOLDER}/Dockerfile`],
  ],
  ["base-image: another image", () => judgeBaseImage(specOf({ kind: "base-image", image: "debian", tag: "latest" }), workspaceWithDockerfile("FROM ubuntu:22.04\n")), ["FROM ubuntu:22.04"]],
  ["base-image: an impostor", () => judgeBaseImage(specOf({ kind: "base-image", image: "debian", tag: "latest" }), workspaceWithDockerfile("FROM someone/debian\n")), ["someone/debian"]],
  [
    "build: apt cannot find a package",
    () =>
      judgeBuild(
        build,
        outcome({
          error: "The command '/bin/sh -c apt-get update  && apt-get install -y mariadb-servr' returned a non-zero code: 100",
          logTail: "Step 2/3 : RUN apt-get update  && apt-get install -y mariadb-servr\nE: Unable to locate package mariadb-servr\n",
        }),
        workspaceWithDockerfile(APT_DOCKERFILE),
      ),
    ["The command '/bin/sh -c apt-get update  && apt-get install -y mariadb-servr' returned a non-zero code: 100", "E: Unable to locate package mariadb-servr"],
  ],
  ["build: a timeout", () => judgeBuild(build, outcome({ timedOut: true, logTail: "Step 3/9 : RUN sleep 9999\n" }), workspaceWithDockerfile(APT_DOCKERFILE)), ["Step 3/9 : RUN sleep 9999"]],
  ["any kind: no evidence gathered", () => judgeDynamic(build, undefined, workspaceWithDockerfile("FROM debian\n")), []],
  ["instruction: no Dockerfile folder", () => judgeInstruction(specOf({ kind: "instruction", instruction: "EXPOSE" }), workspaceWithDockerfile("FROM debian\n", "elsewhere")), [STEP1_FOLDER]],
];

describe("a failing check's message in French and English", () => {
  it.each(FAILING)("%s", (_name, judge, quoted) => {
    const result = judge();
    expect(result.status).not.toBe("pass");
    const { en, fr } = bothLanguages(result);
    expect(fr).not.toMatch(ENGLISH);
    expect(fr).not.toBe(en);
    for (const quote of quoted) expect(fr).toContain(quote);
  });

  it("reads a build failure as a French teacher writes it", () => {
    const result = judgeBuild(build, outcome({ error: "exit code 100", logTail: "E: Unable to locate package mariadb-servr\n" }), workspaceWithDockerfile(APT_DOCKERFILE));
    expect(bothLanguages(result).fr).toBe(
      "L’image wp devait se construire ; la construction a échoué : exit code 100.\n" +
        "apt ne trouve aucun paquet nommé mariadb-servr : vérifiez que ce nom existe dans Debian, et lancez apt-get update dans le même RUN, avant apt-get install.\n" +
        "Dernières lignes de sortie :\nE: Unable to locate package mariadb-servr",
    );
  });
});
