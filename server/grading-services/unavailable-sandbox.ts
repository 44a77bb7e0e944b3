/**
 * A sandbox that refuses everything: for grading a submission whose step folder is missing, where
 * every dynamic check is skipped before it probes and no engine is worth starting.
 */
import type { GradingSandbox } from "../grading/grading-sandbox";

export function unavailableSandbox(): GradingSandbox {
  const refuse = () => Promise.reject(new Error("no sandbox: the step folder is missing"));
  return {
    build: refuse,
    runContainer: refuse,
    inspectImage: refuse,
    listProcesses: refuse,
    listPackages: refuse,
    checkPersistence: refuse,
    httpGet: refuse,
    execInContainer: refuse,
    runShell: refuse,
    composeUp: refuse,
    runScript: refuse,
    listContainers: refuse,
    wordpressJourney: refuse,
  };
}
