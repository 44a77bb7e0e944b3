/** Why a node's Docker API refused the server, in words an operator acts on (the doctor's swarm line). */

const NOT_OUR_CA = new Set([
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "UNABLE_TO_GET_ISSUER_CERT",
  "CERT_SIGNATURE_FAILURE",
]);

export function explainNodeApiError(error: unknown, url: string): string {
  const code = (error as { code?: string }).code ?? "";
  const message = String((error as Error)?.message ?? error);
  if (code === "CERT_HAS_EXPIRED") return `its certificate has expired: issue it again (node-ca-cli.ts node) and restart its dockerd`;
  if (code === "CERT_NOT_YET_VALID") return "its certificate is not valid yet: check the node's and the server's clocks";
  if (NOT_OUR_CA.has(code)) return "its certificate is not from the workbench's node CA (WB_NODE_TLS_DIR): issue it with node-ca-cli.ts node and restart its dockerd";
  if (code === "ERR_TLS_CERT_ALTNAME_INVALID") return `its certificate does not name the address the server uses (${url}): issue it again with that --ip or --dns`;
  if (/alert certificate expired/i.test(message)) return "it refused the server's client certificate as expired: make client.crt again (delete client.crt and client.key, then node-ca-cli.ts init)";
  if (/alert (bad certificate|unknown ca|certificate required|handshake failure)|alert number 116/i.test(message)) {
    return "it answered the TLS handshake by refusing the server's client certificate: give the node's dockerd --tlscacert the ca.pem of the server's node CA (WB_NODE_TLS_DIR)";
  }
  // A TLS 1.3 server checks the client's certificate after the client's side of the handshake: a refusal may reach the client as a closed socket.
  if (/^tcp:|^https:/.test(url) && !/:2375$/.test(url) && (code === "ECONNRESET" || /socket hang up/i.test(message))) {
    return "it closed the connection at the TLS handshake, most likely refusing the server's client certificate: give the node's dockerd --tlscacert the ca.pem of the server's node CA (WB_NODE_TLS_DIR)";
  }
  if (/wrong version number|packet length too long/i.test(message)) return `it speaks plain http on that port, not TLS: give its dockerd --tlsverify (docs/scale-out.md step 3)`;
  if (/HTTP request to an HTTPS server/i.test(message)) return "it expects TLS on that port: write its address tcp://host:2376 (or https://)";
  if (code === "ECONNREFUSED") return "nothing listens on that port";
  return `it does not answer (${message.slice(0, 120)})`;
}
