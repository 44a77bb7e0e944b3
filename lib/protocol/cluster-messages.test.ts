/** Step 9's additions to the protocol: a terminal on a cluster node, and the cluster's status. */
import { describe, expect, it } from "vitest";
import { decodeClientMessage, decodeServerMessage } from "./messages";

describe("cluster node terminals in the protocol", () => {
  it("accepts terminal.attach with a node of the cluster, and without one (the own engine)", () => {
    expect(decodeClientMessage('{"type":"terminal.attach","cols":80,"rows":24,"lastSeq":0,"node":"node2"}')).toMatchObject({ ok: true, message: { node: "node2" } });
    const plain = decodeClientMessage('{"type":"terminal.attach","cols":80,"rows":24,"lastSeq":5}');
    expect(plain.ok && "node" in plain.message).toBe(false);
  });

  it("refuses a node the cluster does not have, naming the field", () => {
    const result = decodeClientMessage('{"type":"terminal.attach","cols":80,"rows":24,"lastSeq":0,"node":"node4"}');
    expect(result).toMatchObject({ ok: false });
    expect(!result.ok && result.error).toContain("at node");
  });

  it("carries the node on terminal output and the cluster's state with its nodes", () => {
    expect(decodeServerMessage('{"type":"terminal.output","data":"$ ","seq":3,"node":"node1"}').ok).toBe(true);
    const status = decodeServerMessage('{"type":"cluster.status","state":"ready","message":"ok","ipvs":false,"nodes":[{"name":"node1","ip":"172.20.0.2","manager":true}]}');
    expect(status).toMatchObject({ ok: true, message: { ipvs: false, nodes: [{ name: "node1", manager: true }] } });
  });
});
