/**
 * For the LTI tests: a simulated LMS registered with the tool as the operator's `lti-register`
 * does, with the tool's key and the platform's access tokens forgotten first, so that each test
 * file starts from its own fresh database with nothing cached from another.
 */
import { GET as jwksRoute } from "@/app/api/lti/jwks/route";
import { upsertLtiPlatform } from "@/server/db/repositories/lti";
import { forgetToolKeyForTests } from "../tool-key";
import { forgetAgsTokensForTests } from "../ags-client";
import { startPlatformSimulator, type PlatformSimulator } from "./platform-simulator";

export async function startRegisteredPlatform(): Promise<PlatformSimulator> {
  forgetToolKeyForTests();
  forgetAgsTokensForTests();
  const sim = await startPlatformSimulator({ toolJwks: async () => (await jwksRoute()).json() });
  await upsertLtiPlatform({ issuer: sim.issuer, clientId: sim.clientId, deploymentIds: [sim.deploymentId], authLoginUrl: sim.authLoginUrl, tokenUrl: sim.tokenUrl, jwksUrl: sim.jwksUrl });
  return sim;
}
