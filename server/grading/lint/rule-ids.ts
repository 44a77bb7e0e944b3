/**
 * The ids of the Dockerfile best-practice rules, in the order the linter runs and reports them.
 * Teachers list them in a `dockerfile-lint` check (`required`, `advisory`). Kept apart from the
 * rules so that the kind's spec (kinds/dockerfile-lint/spec.ts) can validate those lists without
 * importing the linter. The level in brackets sets the score penalty (lint-dockerfile.ts): error
 * 20, warning 10, info 5.
 */
export const LINT_RULE_IDS = [
  /** [warning] Every FROM names a tag or a digest (no tag means an implicit `latest`). */
  "from-explicit-tag",
  /** [warning] FROM does not name `latest` explicitly: a version tag, or a digest, does not move. */
  "from-not-latest",
  /** [warning] No MAINTAINER (deprecated): `LABEL maintainer=…`. */
  "maintainer-deprecated",
  /** [error] `apt-get update` and `apt-get install` in the same RUN, update first. */
  "apt-update-with-install",
  /** [error] `apt-get install` has `-y` (or `-qq`, `--yes`, `-o APT::Get::Assume-Yes=true`). */
  "apt-assume-yes",
  /** [warning] `apt-get install` has `--no-install-recommends`. */
  "apt-no-install-recommends",
  /** [warning] A RUN that installs into the final image removes /var/lib/apt/lists/* in that same RUN. */
  "apt-lists-cleaned",
  /** [warning] No `apt-get upgrade` / `dist-upgrade` / `full-upgrade`. */
  "apt-no-upgrade",
  /** [info] The packages of each install are in alphabetical order. */
  "packages-sorted",
  /** [error] RUN does not call sudo. */
  "no-sudo",
  /** [error] No file of the Dockerfile's own written in place of apt-get, dpkg, the mariadb client, apache2, mariadbd… */
  "no-tool-impostors",
  /** [warning] No RUN that only runs `cd` (it has no effect on later instructions). */
  "run-cd-alone",
  /** [info] No `WORKDIR x` serving a single RUN before another WORKDIR: `RUN cd x && …` instead. */
  "workdir-single-use",
  /** [info] No RUN directly after another RUN of the same stage: one layer where one will do. */
  "consecutive-run",
  /** [warning] COPY, not ADD, for local files and folders (ADD stays fine for local tar archives). */
  "copy-not-add",
  /** [warning] No ADD of a remote URL: download, extract and delete in one RUN. */
  "no-add-url",
  /** [warning] An archive a RUN downloads is deleted by that same RUN. */
  "archive-removed",
  /** [warning] DEBIAN_FRONTEND is set on the RUN line (or with ARG), not with ENV in the final image. */
  "debian-frontend-env",
  /** [warning] The final image's CMD and ENTRYPOINT use the JSON (exec) form. */
  "exec-form-cmd",
] as const;

export type LintRuleId = (typeof LINT_RULE_IDS)[number];
