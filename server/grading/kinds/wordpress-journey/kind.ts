import type { DynamicKindEntry } from "../kind-entry";
import { STEP_BUILD, STEP_FOLDER } from "../needs";
import { judgeWordpressJourney } from "./judge";
import { probeWordpressJourney } from "./probe";
import { wordpressJourneySpec } from "./spec";

export const wordpressJourneyKind: DynamicKindEntry<"wordpress-journey", "wordpress-journey"> = {
  kind: "wordpress-journey",
  summary: "WordPress installs over HTTP and shows its title, also after the stack is recreated",
  phase: "dynamic",
  spec: wordpressJourneySpec,
  evidence: "wordpress-journey",
  probe: probeWordpressJourney,
  judge: judgeWordpressJourney,
  retries: false,
  // The site must be started: by the step's compose-up or container checks, each of them.
  needs: [STEP_FOLDER, STEP_BUILD, { kinds: ["compose-up", "container"], which: "every" }],
};
