/**
 * The learners' capped disks of a server that gave up root: each call is a request to the root
 * helper (./root-helper.ts), which owns the real CappedStorage. A workspace hold keeps the
 * helper's lock on the student's workspace (mounted) while `body` runs here.
 */
import type { DiskLimits } from "../../grading/disk-full";
import { activateLearnerDisks, type LearnerDisks } from "../learner-disks";
import type { RootHelper } from "./start-root-helper";

export class HelperDisks implements LearnerDisks {
  constructor(
    private readonly helper: RootHelper,
    readonly limits: DiskLimits,
    readonly keepsEngineData: boolean,
  ) {}

  /** Makes these the disks every workspace access in this process goes through. */
  activate(): this {
    activateLearnerDisks(this);
    return this;
  }

  async withWorkspace<T>(studentId: string, _root: string, body: () => Promise<T>): Promise<T> {
    // The helper mounts at the student's workspace folder in DATA_DIR, the only root it accepts.
    const { holdId } = (await this.helper.request("workspace.hold", { studentId })) as { holdId: number };
    try {
      return await body();
    } finally {
      await this.helper.request("workspace.endHold", { holdId }).catch(() => undefined);
    }
  }

  async prepareSpareWorkspace(engineName: string, at: string): Promise<void> {
    await this.helper.request("spare.prepare", { engineName, at });
  }

  async offerSpareWorkspace(studentId: string, engineName: string): Promise<() => Promise<boolean>> {
    const { offerId } = (await this.helper.request("spare.offer", { studentId, engineName })) as { offerId: number };
    return async () => (await this.helper.request("spare.withdraw", { offerId })) === true;
  }

  async releaseSpareWorkspace(engineName: string): Promise<void> {
    await this.helper.request("spare.release", { engineName });
  }

  async releaseWorkspace(studentId: string): Promise<void> {
    await this.helper.request("workspace.release", { studentId });
  }

  async hasKeptEngineData(studentId: string): Promise<boolean> {
    return (await this.helper.request("kept.has", { studentId })) === true;
  }

  async mountEngineDisk(engineName: string, folders: readonly string[], keep?: { studentId: string; folders: readonly string[] }): Promise<string> {
    const args = { engineName, folders: [...folders], ...(keep && { keep: { studentId: keep.studentId, folders: [...keep.folders] } }) };
    return String(await this.helper.request("engineDisk.mount", args));
  }

  async releaseEngineDisk(engineName: string): Promise<void> {
    await this.helper.request("engineDisk.release", { engineName });
  }

  async releaseAll(enginePrefix: string): Promise<void> {
    await this.helper.request("disks.releaseAll", { enginePrefix });
  }

  async removeKeptEngineDataOfUnknown(isKnown: (studentId: string) => Promise<boolean>): Promise<number> {
    let removed = 0;
    for (const studentId of (await this.helper.request("kept.students", {})) as string[]) {
      if (!(await isKnown(studentId)) && (await this.helper.request("kept.remove", { studentId })) === true) removed++;
    }
    return removed;
  }
}
