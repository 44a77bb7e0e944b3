/** dockerode for a learner's inner engine, reached through exec'd dial-stdio tunnels. */
import Docker from "dockerode";
import { ExecTunnelAgent, type ExecTunnelTarget } from "./exec-tunnel-agent";

export function createInnerEngineClient(target: ExecTunnelTarget): { docker: Docker; close: () => void } {
  const agent = new ExecTunnelAgent(target);
  // The host name is never resolved: every connection comes from the agent.
  const docker = new Docker({ protocol: "http", host: "learner-engine", port: 2375, agent } as Docker.DockerOptions);
  return { docker, close: () => agent.destroy() };
}
