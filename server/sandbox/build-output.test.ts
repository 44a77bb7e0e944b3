import { describe, expect, it } from "vitest";
import { readBuildEvent, type BuildStreamState } from "./build-output";

describe("readBuildEvent", () => {
  it("drops the terminal's colour codes from a RUN's output and from the build's error, as a page would show them", () => {
    const state: BuildStreamState = { ok: false };
    const line = readBuildEvent(state, { stream: "\u001b[0m\u001b[91mE: Package 'ca-certificates' has no installation candidate\n\u001b[0mRemoving intermediate container 23e88b753bb7\n" });
    expect(line?.text).toBe("E: Package 'ca-certificates' has no installation candidate\nRemoving intermediate container 23e88b753bb7\n");
    readBuildEvent(state, { errorDetail: { message: "\u001b]0;title\u0007The command '/bin/sh -c apt-get install -y apache2' returned a non-zero code: \u001b[1m100\u001b[0m" } });
    expect(state).toMatchObject({ ok: false, error: "The command '/bin/sh -c apt-get install -y apache2' returned a non-zero code: 100" });
  });

  it("still reads the step counter and the built image through the codes", () => {
    const state: BuildStreamState = { ok: false };
    expect(readBuildEvent(state, { stream: "\u001b[1mStep 2/6 : RUN true\u001b[0m\n" })?.step).toEqual({ current: 2, total: 6 });
    readBuildEvent(state, { stream: "Successfully built 0123456789ab\n" });
    expect(state).toMatchObject({ ok: true, imageId: "0123456789ab" });
  });
});
