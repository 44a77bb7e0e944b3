/** `packages`: the packages installed in the image the step's build check produced. */
import type { CheckSpecOf } from "../../check-spec";
import type { PackagesOutcome } from "../../evidence";
import type { ProbeContext } from "../kind-entry";

export async function probePackages(spec: CheckSpecOf<"packages">, { all, sandbox }: ProbeContext): Promise<PackagesOutcome | undefined> {
  const tag = all.find((c) => c.kind === "build")?.tag;
  return tag
    ? sandbox.listPackages(
        tag,
        spec.installed.flatMap((group) => group.anyOf),
      )
    : undefined;
}
