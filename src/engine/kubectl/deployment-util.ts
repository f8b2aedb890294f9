/**
 * kubectl's own Deployment helpers (kubectl/pkg/util/deployment/deployment.go): revisions, the
 * ReplicaSets a Deployment controls, which of them is the new one, and template equality ignoring
 * the pod-template-hash label. Pure functions over stored objects.
 */
import { selectorMatches } from '../model/labels.ts';
import type { K8sObject, LabelSelector, PodTemplateSpec } from '../model/types.ts';
import { getControllerOf } from '../model/util.ts';
import { fromRfc3339 } from '../sim/time.ts';
import type { KubectlContext } from './types.ts';

export const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';
export const REVISION_HISTORY_ANNOTATION = 'deployment.kubernetes.io/revision-history';
export const DESIRED_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/desired-replicas';
export const MAX_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/max-replicas';
export const POD_TEMPLATE_HASH = 'pod-template-hash';
/** Reason of the Progressing condition when the progress deadline passed (deploymentutil.TimedOutReason). */
export const TIMED_OUT_REASON = 'ProgressDeadlineExceeded';

export interface DeploymentCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastUpdateTime?: string;
  lastTransitionTime?: string;
}

/** The fields of an apps/v1 Deployment kubectl reads. */
export interface DeploymentLike extends K8sObject {
  spec: {
    replicas?: number;
    selector?: LabelSelector;
    template: PodTemplateSpec;
    strategy?: { type?: string; rollingUpdate?: { maxUnavailable?: number | string; maxSurge?: number | string } };
    minReadySeconds?: number;
    paused?: boolean;
    progressDeadlineSeconds?: number;
    revisionHistoryLimit?: number;
  };
  status?: {
    observedGeneration?: number;
    replicas?: number;
    updatedReplicas?: number;
    readyReplicas?: number;
    availableReplicas?: number;
    unavailableReplicas?: number;
    conditions?: DeploymentCondition[];
  };
}

/** The fields of an apps/v1 ReplicaSet kubectl reads. */
export interface ReplicaSetLike extends K8sObject {
  spec: { replicas?: number; selector?: LabelSelector; template: PodTemplateSpec; minReadySeconds?: number };
  status?: {
    replicas?: number;
    fullyLabeledReplicas?: number;
    readyReplicas?: number;
    availableReplicas?: number;
    observedGeneration?: number;
    conditions?: { type: string; status: string; reason?: string; message?: string }[];
  };
}

/** deploymentutil.Revision: the revision annotation as an integer; undefined when missing or malformed. */
export function revisionOf(obj: K8sObject): number | undefined {
  const text = obj.metadata.annotations?.[REVISION_ANNOTATION];
  if (text === undefined || !/^-?\d+$/.test(text)) return undefined;
  return Number(text);
}

/** GetDeploymentCondition. */
export function getDeploymentCondition(d: DeploymentLike, type: string): DeploymentCondition | undefined {
  return d.status?.conditions?.find((c) => c.type === type);
}

/** Drops what apiequality.Semantic.DeepEqual treats as unset: undefined, null, empty maps and lists. */
function normalize(value: unknown): unknown {
  if (Array.isArray(value)) {
    const list = value.map(normalize);
    return list.length === 0 ? undefined : list;
  }
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = normalize((value as Record<string, unknown>)[key]);
      if (v !== undefined) out[key] = v;
    }
    return Object.keys(out).length === 0 ? undefined : out;
  }
  return value === null ? undefined : value;
}

/** A copy of the template without the pod-template-hash label (what rollback writes back). */
export function withoutHash(template: PodTemplateSpec): PodTemplateSpec {
  const copy = JSON.parse(JSON.stringify(template)) as PodTemplateSpec;
  if (copy.metadata?.labels) {
    delete copy.metadata.labels[POD_TEMPLATE_HASH];
  }
  return copy;
}

/** equalIgnoreHash: templates equal once the pod-template-hash label is dropped from both. */
export function equalIgnoreHash(a: PodTemplateSpec | undefined, b: PodTemplateSpec | undefined): boolean {
  const na = normalize(a ? withoutHash(a) : undefined);
  const nb = normalize(b ? withoutHash(b) : undefined);
  return JSON.stringify(na) === JSON.stringify(nb);
}

/** listReplicaSets: the ReplicaSets the selector picks that the Deployment controls. */
export function listReplicaSets(ctx: KubectlContext, d: DeploymentLike): ReplicaSetLike[] {
  const all = ctx.api.list('ReplicaSet', d.metadata.namespace) as readonly ReplicaSetLike[];
  return all.filter((rs) => selectorMatches(d.spec.selector, rs.metadata.labels) && getControllerOf(rs)?.uid === d.metadata.uid);
}

/** replicaSetsByCreationTimestamp: oldest first, names breaking ties. */
function byCreation(a: ReplicaSetLike, b: ReplicaSetLike): number {
  const ta = fromRfc3339(a.metadata.creationTimestamp);
  const tb = fromRfc3339(b.metadata.creationTimestamp);
  if (ta !== tb && Number.isFinite(ta) && Number.isFinite(tb)) return ta - tb;
  return a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0;
}

/** GetAllReplicaSets: the old ones with replicas, every old one, and the new one (its template matches). */
export function getAllReplicaSets(ctx: KubectlContext, d: DeploymentLike): { old: ReplicaSetLike[]; allOld: ReplicaSetLike[]; newRS: ReplicaSetLike | undefined } {
  const list = listReplicaSets(ctx, d).sort(byCreation);
  const newRS = list.find((rs) => equalIgnoreHash(rs.spec.template, d.spec.template));
  const allOld = list.filter((rs) => rs !== newRS);
  const old = allOld.filter((rs) => (rs.spec.replicas ?? 0) !== 0);
  return { old, allOld, newRS };
}
