/**
 * `copy-not-add`: ADD only where its extra powers are used (a local tar archive it extracts; a URL
 * or a Git repository, which `no-add-url` judges); plain files and folders are copied with COPY.
 * Sources we cannot read (unresolved variables, globs, here-documents) are not judged.
 */
import { say } from "../../../../lib/i18n/text-ref";
import { copySources } from "../../dockerfile/copy-sources";
import type { LintRule, RuleViolation } from "../lint-rule";

const ARCHIVE = /\.(tar|tgz|tbz2?|txz|tzst|tlz|taz|gz|bz2|xz|zst|lz|lzma|z)$/i;
const GIT = /^git@|^git:\/\/|\.git(#.*)?$/i;
const ADD_ONLY_FLAGS = ["checksum", "keep-git-dir", "unpack"];

export const copyNotAdd: LintRule = {
  id: "copy-not-add",
  level: "warning",
  summary: "COPY, not ADD, for local files and folders",
  check: ({ parsed }) =>
    parsed.instructions.flatMap((add): RuleViolation[] => {
      if (add.keyword !== "ADD" || ADD_ONLY_FLAGS.some((f) => f in add.flags)) return [];
      const plain = copySources(add, parsed.escapeChar).find((s) => !s.isUrl && s.source !== "" && !GIT.test(s.source) && !ARCHIVE.test(s.source) && !/[*?[]/.test(s.source));
      if (!plain) return [];
      return [
        {
          line: add.startLine,
          message: say("lint.copyNotAdd", { source: plain.source, destination: plain.destination }),
        },
      ];
    }),
};
