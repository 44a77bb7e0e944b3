/** `http`: a GET on a port published on the sandbox host, following redirects. */
import type { CheckSpecOf } from "../../check-spec";
import type { HttpOutcome } from "../../evidence";
import type { ProbeContext } from "../kind-entry";

export const probeHttp = (spec: CheckSpecOf<"http">, { sandbox }: ProbeContext): Promise<HttpOutcome> =>
  sandbox.httpGet({ port: spec.port, path: spec.path, followRedirects: spec.followRedirects, timeoutMs: spec.timeoutSeconds * 1000 });
