/** `wordpress-journey`: the grader installs WordPress over HTTP, reads the home page, optionally recreates the stack. */
import type { CheckSpecOf } from "../../check-spec";
import type { WordpressJourneyOutcome } from "../../evidence";
import type { ProbeContext } from "../kind-entry";

export function probeWordpressJourney(spec: CheckSpecOf<"wordpress-journey">, { workspace, sandbox, log, options }: ProbeContext): Promise<WordpressJourneyOutcome> {
  return sandbox.wordpressJourney({
    folder: workspace.folder,
    port: spec.port,
    basePath: spec.path,
    siteTitle: spec.siteTitle,
    adminUser: spec.adminUser,
    adminPassword: spec.adminPassword,
    adminEmail: spec.adminEmail,
    timeoutMs: spec.timeoutSeconds * 1000,
    recreate: spec.recreate && { script: spec.recreate.script, homeFolders: spec.recreate.homeFolders, timeoutMs: spec.recreate.timeoutSeconds * 1000 },
    siteHost: options.siteHost,
    onLog: log,
  });
}
