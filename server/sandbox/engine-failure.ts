/**
 * Why a learner engine did not start, read from what its container printed: the known causes on a
 * host that is not set up as the engine needs, each with the operator's fix. Pure.
 */
export interface EngineFailure {
  /** For the operator's log and `npm run doctor`. */
  reason: string;
  fix: string;
}

const KNOWN: { test: RegExp; failure: EngineFailure }[] = [
  {
    // rootlesskit prints "open: Permission denied" (ip tuntap opening /dev/net/tun), then "setting up tap tap0".
    test: /\/dev\/net\/tun[^\n]*(permission denied|operation not permitted)|(permission denied|operation not permitted)[^\n]*\/dev\/net\/tun|open: permission denied[\s\S]{0,600}setting up tap/i,
    failure: {
      reason: "the tun device /dev/net/tun cannot be opened by the learner's unprivileged user (rootlesskit needs it for the engine's network)",
      fix: "as root: chmod 0666 /dev/net/tun (bash scripts/setup.sh does it)",
    },
  },
  {
    test: /\/dev\/net\/tun[^\n]*no such (file|device)/i,
    failure: {
      reason: "there is no tun device (/dev/net/tun) on this host",
      fix: "as root: modprobe tun, or run bash scripts/setup.sh",
    },
  },
  {
    test: /newuidmap|newgidmap|uid_map|gid_map/i,
    failure: {
      reason: "the engine's user namespace could not be set up (newuidmap/newgidmap failed)",
      fix: "check that unprivileged user namespaces are allowed (sysctl kernel.unprivileged_userns_clone=1, user.max_user_namespaces > 0) and rebuild the engine image: bash scripts/ensure-engine-image.sh --force",
    },
  },
  {
    test: /no such image|pull access denied|image[^\n]*not found/i,
    failure: {
      reason: "the learner engine image is missing",
      fix: "bash scripts/ensure-engine-image.sh",
    },
  },
  {
    test: /network workbench-learners not found|network[^\n]*not found/i,
    failure: {
      reason: "the learners' network is missing",
      fix: "bash scripts/ensure-infra.sh",
    },
  },
];

export function diagnoseEngineFailure(output: string): EngineFailure | undefined {
  return KNOWN.find((known) => known.test.test(output))?.failure;
}
