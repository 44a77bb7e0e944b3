/** The pool's workspace mounts of a server that gave up root: each call is a request to the root helper (./root-helper.ts). */
import type { PoolMounts } from "../workspace-mounts";
import type { RootHelper } from "./start-root-helper";

export class HelperPoolMounts implements PoolMounts {
  constructor(private readonly helper: RootHelper) {}

  async prepare(): Promise<void> {
    await this.helper.request("pool.prepare", {});
  }

  async createSlot(slot: string, uid: number, gid: number): Promise<string> {
    return String(await this.helper.request("pool.createSlot", { slot, uid, gid }));
  }

  async attach(slot: string, workspace: string): Promise<void> {
    await this.helper.request("pool.attach", { slot, workspace });
  }

  async releaseSlot(slot: string): Promise<void> {
    await this.helper.request("pool.releaseSlot", { slot });
  }

  async releaseAll(): Promise<void> {
    await this.helper.request("pool.releaseAll", {});
  }

  async dispose(): Promise<void> {
    await this.helper.request("pool.dispose", {});
  }
}
