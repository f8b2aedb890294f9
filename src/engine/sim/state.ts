import type { K8sObject } from '../model/types.ts';

/** What every write looks like to a watcher (engine-api.md `changes`). */
export interface Change {
  time: number;
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  kind: string;
  name: string;
  namespace?: string;
  object: K8sObject;
}

/** Work a component asked to be woken for. Plain data, so snapshots carry it. */
export type TimerKind =
  | 'statefulset'
  | 'scheduler'
  | 'kubelet'
  | 'volume'
  | 'provisioner'
  | 'nodelifecycle'
  | 'taint-eviction'
  | 'replicaset'
  | 'deployment'
  | 'disruption';

export interface Timer {
  at: number;
  seq: number;
  kind: TimerKind;
  key: string;
  /** A periodic resync that changes nothing a learner waits for: `settle` does not wait on it. */
  quiet?: boolean;
}

export interface Timing {
  /** Scheduler: from an unscheduled pod to its binding decision. */
  schedule: number;
  /** PV controller: completing a bind once both sides are known. */
  bind: number;
  /** rancher.io/local-path: creating the volume directory on the selected node. */
  provision: number;
  /**
   * Kubelet: the scale of an image download (a 70 MB image's nominal pull); each pull takes this
   * × image size / 70 MB × 0.75–1.25 by the seed. Missing tags and re-pulls of a present image take
   * 0.2–1.2 s, capped at this.
   */
  imagePull: number;
  /** Kubelet: sandbox + container creation before the container runs. */
  containerCreate: number;
  /** Kubelet: the scale of a container's exit after SIGTERM (× 0.5–1.5 by the seed, bounded by the grace period). */
  containerStop: number;
  /** kube-controller-manager --node-monitor-grace-period (50 s since v1.32). */
  nodeMonitorGracePeriod: number;
  /** PV controller periodic resync of unbound claims. */
  volumeResync: number;
}

export const DEFAULT_TIMING: Timing = {
  schedule: 20,
  bind: 100,
  provision: 1500,
  imagePull: 4000,
  containerCreate: 800,
  containerStop: 600,
  nodeMonitorGracePeriod: 50_000,
  volumeResync: 15_000,
};

export interface FeatureGates {
  MaxUnavailableStatefulSet: boolean;
}

export interface ResolvedOptions {
  seed: number;
  nodes: number;
  defaultStorageClass: boolean;
  featureGates: FeatureGates;
  timing: Timing;
  /** The playground's pod cap (engine-api.md "Limits of a playground"). */
  maxPods: number;
}

/** Per-node kubelet state that is not an API object: the image cache and the IP allocator. */
export interface NodeRuntime {
  up: boolean;
  downSince?: number;
  images: string[];
  nextIp: number;
  /** The IP allocator has gone round its range once, so it must skip addresses still in use. */
  wrapped?: boolean;
  index: number;
  /** serialImagePuller: when the node's one pull slot is free, and image → when its queued pull ends. */
  puller?: { freeAt: number; queued: Record<string, number> };
}

/** An image pull the kubelet asked for (EnsureImageExists), and how the last one ended. */
export interface PullProgress {
  image: string;
  /** When the pull was requested (`Pulling`), started (after the serial queue) and ends. */
  requestedAt: number;
  startedAt: number;
  endsAt: number;
  /** The waiting reason and message the status shows after a failed pull, until a pull succeeds. */
  reason?: 'ErrImagePull' | 'ImagePullBackOff' | 'ErrImageNeverPull';
  message?: string;
  /** The CRI error of the last failed pull (`prevPullErrMsg`). */
  error?: string;
  /** Pod worker syncs since the pod's pulls began: seeds the jittered requeue. */
  syncs: number;
}

export interface ContainerRuntime {
  name: string;
  image: string;
  restartCount: number;
  /** Consecutive crashes inside the back-off window, for CrashLoopBackOff. */
  backoffMs: number;
  lastCrashAt?: number;
  lastTermination?: { exitCode: number; at: number; startedAt: number };
  /** Init containers: when the current run started and when it completed. */
  startedAt?: number;
  finishedAt?: number;
  /** The environment resolved when the running container was created (Secrets/ConfigMaps read then). */
  env?: Record<string, string>;
}

/** The kubelet's progress through a pod's init containers (spec order). */
export interface InitRuntime {
  /** The init container being worked on; equals the count once all completed (or, sidecars, started). */
  index: number;
  stage: 'pending' | 'pulling' | 'pull-backoff' | 'creating' | 'running' | 'crashed' | 'failed';
  containers: ContainerRuntime[];
  /** Back-off before restarting the crashed init container (0: restart at once). */
  crashDelay?: number;
}

/** The kubelet's view of one pod (keyed by pod uid): where it is in its lifecycle. */
export interface PodRuntime {
  uid: string;
  namespace: string;
  name: string;
  node: string;
  stage: 'new' | 'pulling' | 'pull-backoff' | 'creating' | 'running' | 'crashed' | 'stopping' | 'stopped';
  /** When the current stage's pending step is due. */
  due: number;
  containerStartedAt?: number;
  pullAttempts: number;
  ip?: string;
  containers: ContainerRuntime[];
  /** Readiness probe state. */
  probeFailing: boolean;
  probeChangedAt?: number;
  ready: boolean;
  /** Back-off before the pending restart of a crashed container (0: restart at once). */
  crashDelay?: number;
  /** Init containers, for pods that have any. */
  init?: InitRuntime;
  /** How the pod ended, once the kubelet stopped it. */
  terminal?: { phase: string; reason?: string; message?: string; exitCode: number; containerReason: string };
  /** A crashed container's restart waits for its pull (pull policy Always). */
  restartPull?: boolean;
  /** While the app containers start, in order: the one whose image step or start is next. */
  appIndex?: number;
  /** The current or last image pull of the container being started. */
  pull?: PullProgress;
  /** The image back-off (flowcontrol.Backoff keyed `<pod uid>_<image>`): image → window and last update. */
  imageBackoff?: Record<string, { ms: number; at: number }>;
}

export interface RejectRule {
  verb: 'create' | 'delete';
  kind: string;
  name?: string;
  namespace?: string;
  times: number;
}

/** The whole cluster as plain JSON: snapshot() returns it, restoreCluster() takes it back. */
export interface ClusterState {
  format: 'statefulset-playground/cluster@1';
  options: ResolvedOptions;
  now: number;
  rng: number;
  rv: number;
  timerSeq: number;
  /** kind → "namespace/name" → object. Stored objects are never mutated in place. */
  objects: Record<string, Record<string, K8sObject>>;
  /**
   * The change log, oldest first, compacted as etcd compacts: only writes with
   * `time >= compactedBefore(now)` are kept. Empty in a snapshot (a restore starts its log there).
   */
  changes: Change[];
  /** Event object keys ("namespace/name") in the order first recorded, with the virtual time of the latest occurrence. */
  eventOrder: { key: string; time: number }[];
  timers: Timer[];
  nodes: Record<string, NodeRuntime>;
  pods: Record<string, PodRuntime>;
  /** StatefulSet key → consecutive sync failures (rate-limited requeue). */
  syncFailures: Record<string, number>;
  rejects: RejectRule[];
  /** Pod uid → node chosen by the scheduler while it waits for volumes (PreBind). */
  assumed: Record<string, string>;
  /** PersistentVolume name → a small file system that outlives pods. */
  volumes: Record<string, Record<string, string>>;
  /** Next free ClusterIP offset in 10.96.0.0/12. */
  nextClusterIp: number;
  /**
   * The endpoints controllers' TriggerTimeTracker (controllers/endpoint-trigger.ts): per Service key,
   * the trigger times its last sync saw, as virtual ms (absent in snapshots of older versions).
   */
  endpointTriggers?: Record<string, EndpointTriggerState>;
}

/** ServiceState of the TriggerTimeTracker: the Service's creationTimestamp and each selected pod's Ready transition. */
export interface EndpointTriggerState {
  service: number;
  pods: Record<string, number>;
}

/**
 * kube-apiserver --event-ttl (default 1 h): every write of an Event puts it on a fresh etcd lease of
 * this length, so an event lives one TTL after its latest write (an aggregated repeat renews it).
 */
export const EVENT_TTL_MS = 60 * 60_000;

/**
 * kube-apiserver --etcd-compaction-interval (default 5 min). The apiserver's compactor runs every
 * interval (from start-up, virtual time 0) and compacts etcd to the revision it observed at its
 * previous run, so between one and two intervals of writes are retained.
 */
export const COMPACTION_INTERVAL_MS = 5 * 60_000;

/**
 * The retained window of the change log at virtual time `now`: writes with `time >= compactedBefore(now)`
 * are kept, older ones are compacted away (etcd answers "too old resource version" for them).
 */
export function compactedBefore(now: number): number {
  return Math.max(0, (Math.floor(now / COMPACTION_INTERVAL_MS) - 1) * COMPACTION_INTERVAL_MS);
}

export function objectKey(namespace: string | undefined, name: string): string {
  return `${namespace ?? ''}/${name}`;
}

/** The namespace and name of an objectKey (a queue key), split at its slash without an array. */
export function splitObjectKey(key: string): { namespace: string; name: string } {
  const slash = key.indexOf('/');
  return slash < 0 ? { namespace: key, name: '' } : { namespace: key.slice(0, slash), name: key.slice(slash + 1) };
}
