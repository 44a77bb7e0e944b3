import { describe, expect, it } from "vitest";
import { diagnoseEngineFailure } from "./engine-failure";

describe("diagnoseEngineFailure", () => {
  it("names the tun device when rootlesskit cannot open it", () => {
    const logs = `[rootlesskit:parent] error: failed to setup network &{...}: open /dev/net/tun: permission denied\n`;
    expect(diagnoseEngineFailure(logs)?.fix).toContain("chmod 0666 /dev/net/tun");
    // What rootlesskit really prints (Debian 12's rootlesskit 1.1, measured with a 0600 device).
    const real =
      "open: Permission denied\n[rootlesskit:parent] error: failed to setup network &{logWriter:0xc000193280 binary:slirp4netns mtu:65520}: setting up tap tap0: executing [[nsenter -t 30 -n -m -U --preserve-credentials ip tuntap add name tap0 mode tap]]: exit status 1\n";
    expect(diagnoseEngineFailure(real)?.reason).toContain("/dev/net/tun");
  });

  it("tells a missing tun device from an unusable one", () => {
    expect(diagnoseEngineFailure("open /dev/net/tun: no such file or directory")?.fix).toContain("modprobe tun");
  });

  it("recognises a failed user-namespace mapping and a missing engine image", () => {
    expect(diagnoseEngineFailure("newuidmap 42 0 1000 1: write to uid_map failed: Invalid argument")?.reason).toContain("user namespace");
    expect(diagnoseEngineFailure("(HTTP code 404) no such image - No such image: docker-workbench/engine:1")?.fix).toContain("ensure-engine-image.sh");
  });

  it("does not invent a cause for output it does not know", () => {
    expect(diagnoseEngineFailure('time=... level=info msg="Docker daemon" commit=1 graphdriver(s)=overlay2')).toBeUndefined();
  });
});
