import { describe, expect, it } from "vitest";
import { deviceUsableBy, modeString } from "./host-facts";

describe("deviceUsableBy", () => {
  const learner = { uid: 1000, gid: 1000 };
  it("refuses a root-only tun device (crw-------) to the learner", () => {
    expect(deviceUsableBy({ mode: 0o600, uid: 0, gid: 0 }, learner.uid, learner.gid)).toBe(false);
  });
  it("accepts Debian's usual 0666, and a device the learner owns or whose group it has", () => {
    expect(deviceUsableBy({ mode: 0o666, uid: 0, gid: 0 }, learner.uid, learner.gid)).toBe(true);
    expect(deviceUsableBy({ mode: 0o600, uid: 1000, gid: 0 }, learner.uid, learner.gid)).toBe(true);
    expect(deviceUsableBy({ mode: 0o660, uid: 0, gid: 1000 }, learner.uid, learner.gid)).toBe(true);
  });
  it("needs both read and write", () => {
    expect(deviceUsableBy({ mode: 0o644, uid: 0, gid: 0 }, learner.uid, learner.gid)).toBe(false);
  });
  it("writes modes as ls does", () => {
    expect(modeString(0o600)).toBe("rw-------");
    expect(modeString(0o666)).toBe("rw-rw-rw-");
  });
});
