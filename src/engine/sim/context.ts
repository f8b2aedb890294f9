import type { ApiServer } from '../api/server.ts';
import type { PersistentVolume } from '../model/types.ts';
import type { ClusterState, TimerKind } from './state.ts';

/** The work queues controllers are driven by (one per controller, keyed like upstream's queues). */
export type QueueName = 'statefulset' | 'scheduler' | 'kubelet' | 'volume' | 'endpoints' | 'gc' | 'nodelifecycle' | 'protection' | 'namespace' | 'replicaset' | 'deployment' | 'disruption' | 'serviceaccount';

/** What a controller may use: the API server for reads and writes, the clock, and its queues. */
export interface ControllerContext {
  readonly api: ApiServer;
  readonly state: ClusterState;
  readonly now: number;
  /** Wake `kind`'s handler for `key` at virtual time `at`. */
  schedule(kind: TimerKind, key: string, at: number, quiet?: boolean): void;
  /** Queue `key` for `queue` to be processed at the current instant. */
  enqueue(queue: QueueName, key: string): void;
  /** Pods ("namespace/name") whose volumes name this claim. */
  claimUsers(namespace: string | undefined, claim: string): string[];
  /** PersistentVolumes a claim could bind to: unreserved ones and those whose claimRef names one of `claims` ("namespace/name"). */
  candidateVolumes(claims: readonly string[]): PersistentVolume[];
  /** Whether a timer of `kind` for `key` is pending (at any time). */
  hasTimer(kind: TimerKind, key: string): boolean;
}
