/** Every best-practice rule by id. The Record type makes the compiler insist on one rule per id. */
import type { LintRule } from "./lint-rule";
import type { LintRuleId } from "./rule-ids";
import { aptAssumeYes } from "./rules/apt-assume-yes";
import { aptListsCleaned } from "./rules/apt-lists-cleaned";
import { aptNoInstallRecommends } from "./rules/apt-no-install-recommends";
import { aptNoUpgrade } from "./rules/apt-no-upgrade";
import { aptUpdateWithInstall } from "./rules/apt-update-with-install";
import { consecutiveRun } from "./rules/consecutive-run";
import { copyNotAdd } from "./rules/copy-not-add";
import { noAddUrl } from "./rules/no-add-url";
import { archiveRemoved } from "./rules/archive-removed";
import { debianFrontendEnv } from "./rules/debian-frontend-env";
import { execFormCmd } from "./rules/exec-form-cmd";
import { fromExplicitTag } from "./rules/from-explicit-tag";
import { fromNotLatest } from "./rules/from-not-latest";
import { maintainerDeprecated } from "./rules/maintainer-deprecated";
import { noSudo } from "./rules/no-sudo";
import { noToolImpostors } from "./rules/no-tool-impostors";
import { packagesSorted } from "./rules/packages-sorted";
import { runCdAlone } from "./rules/run-cd-alone";
import { workdirSingleUse } from "./rules/workdir-single-use";

export const LINT_RULES: Readonly<Record<LintRuleId, LintRule>> = {
  "from-explicit-tag": fromExplicitTag,
  "from-not-latest": fromNotLatest,
  "maintainer-deprecated": maintainerDeprecated,
  "apt-update-with-install": aptUpdateWithInstall,
  "apt-assume-yes": aptAssumeYes,
  "apt-no-install-recommends": aptNoInstallRecommends,
  "apt-lists-cleaned": aptListsCleaned,
  "apt-no-upgrade": aptNoUpgrade,
  "packages-sorted": packagesSorted,
  "no-sudo": noSudo,
  "no-tool-impostors": noToolImpostors,
  "run-cd-alone": runCdAlone,
  "workdir-single-use": workdirSingleUse,
  "consecutive-run": consecutiveRun,
  "copy-not-add": copyNotAdd,
  "no-add-url": noAddUrl,
  "archive-removed": archiveRemoved,
  "debian-frontend-env": debianFrontendEnv,
  "exec-form-cmd": execFormCmd,
};
