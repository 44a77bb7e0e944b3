/** `containers`: every container of the student's engine, with its links, ports, mounts and processes. */
import type { ContainersOutcome } from "../../evidence";
import type { ProbeContext } from "../kind-entry";

export const probeContainers = (_spec: unknown, { sandbox }: ProbeContext): Promise<ContainersOutcome> => sandbox.listContainers();
