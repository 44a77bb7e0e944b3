/**
 * Where a learner engine runs when the host's own Docker is not the only place (config
 * WB_PLACEMENT=swarm): the EngineManager asks for a place before creating an engine, creates it
 * with the Docker client it gets back, and asks from time to time whether the place still holds.
 * Without a placement, engines run on the host's Docker (local mode).
 */
import type Docker from "dockerode";
import type { EngineNode } from "./swarm-task-node";

export interface PlacementRequest {
  /** The engine container's name. */
  name: string;
  labels: Record<string, string>;
  memoryBytes: number;
  nanoCpus: number;
}

export interface PlacedEngine {
  /** The Docker API of the node chosen: the engine container is created there. */
  docker: Docker;
  node: EngineNode;
}

export interface EnginePlacement {
  /** Reserves a place for the engine and waits until one node holds it. Throws when none does in time. */
  place(request: PlacementRequest): Promise<PlacedEngine>;
  /** Of these placed engines, the ones that must move (drained, node lost…), each with why: one look at the nodes for all of them. */
  moveReasons(engines: { name: string; nodeId: string }[]): Promise<Map<string, string>>;
  /** Gives the place back. Repeatable. */
  release(name: string): Promise<void>;
  /** Removes the places left by an earlier process (by their labels); returns the Docker API of every engine node, to reap their containers. */
  reap(labelFilter: { label: string[] }): Promise<Docker[]>;
  /** Stops watching; no more calls follow. */
  close(): void;
}
