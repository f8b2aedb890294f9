/**
 * The pods/eviction subresource (`pkg/registry/core/pod/storage/eviction.go`, EvictionREST.Create):
 * a voluntary disruption that honours PodDisruptionBudgets. A pod that is terminal, Pending or already
 * being deleted is deleted at once; otherwise the one budget selecting it must allow a disruption,
 * which is spent (disruptionsAllowed - 1, the pod noted in disruptedPods) before the pod is deleted
 * gracefully with a DisruptionTarget condition. A budget that allows none answers 429.
 *
 * This is the API kubectl drain uses. The `evict` fault is something else: a kubelet-style
 * (node-pressure) eviction that ends the pod Failed without asking any budget.
 */
import { isPodReady, pdbStatus, pdbsForPod, type PdbCondition, type PdbStatus } from '../controllers/disruption.ts';
import type { K8sObject, Pod } from '../model/types.ts';
import { rfc3339 } from '../sim/time.ts';
import { pdbSpec } from './policy.ts';
import type { ApiServer } from './server.ts';

/** policy.DisruptionBudgetCause's message sits in the details; kubectl prints only the message. */
export const PDB_VIOLATION_MESSAGE = "Cannot evict pod as it would violate the pod's disruption budget.";
/** MaxDisruptedPodSize. */
const MAX_DISRUPTED_POD_SIZE = 2000;

export interface EvictionError {
  code: number;
  reason: 'NotFound' | 'TooManyRequests' | 'Forbidden' | 'InternalError';
  message: string;
  /** metav1.StatusCause messages (the DisruptionBudget cause), as `-o json` of the Status would show. */
  causes?: string[];
}

export type EvictionResult = { ok: true } | { ok: false; error: EvictionError };

/** canIgnorePDB: terminal, Pending and terminating pods are not guarded by budgets. */
function canIgnorePDB(pod: Pod): boolean {
  const phase = pod.status.phase;
  return phase === 'Succeeded' || phase === 'Failed' || phase === 'Pending' || !!pod.metadata.deletionTimestamp;
}

/** EvictionREST.Create for the pod `namespace/name`, with the eviction's DeleteOptions. */
export function evictPod(api: ApiServer, namespace: string, name: string, opts: { gracePeriodSeconds?: number } = {}): EvictionResult {
  const pod = api.get('Pod', namespace, name) as Pod | undefined;
  if (!pod) return { ok: false, error: { code: 404, reason: 'NotFound', message: `pods "${name}" not found` } };
  if (canIgnorePDB(pod)) return addConditionAndDeletePod(api, pod, opts);

  const pdbs = pdbsForPod({ api }, pod);
  if (pdbs.length > 1) {
    return {
      ok: false,
      error: { code: 500, reason: 'InternalError', message: 'Internal error occurred: This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.' },
    };
  }
  const pdb = pdbs[0];
  if (pdb) {
    const status = pdbStatus(pdb);
    let guarded = true;
    if (!isPodReady(pod)) {
      // An unready pod is not what the budget protects when the budget is met, or when the
      // policy always allows evicting unhealthy pods: it goes without spending a disruption.
      if (pdbSpec(pdb).unhealthyPodEvictionPolicy === 'AlwaysAllow') guarded = false;
      else if (status.currentHealthy >= status.desiredHealthy && status.desiredHealthy > 0) guarded = false;
    }
    if (guarded) {
      const refused = checkAndDecrement(api, pod.metadata.name, pdb);
      if (refused) return { ok: false, error: refused };
    }
  }
  return addConditionAndDeletePod(api, pod, opts);
}

/** checkAndDecrement: spend one allowed disruption, or refuse with 429. */
function checkAndDecrement(api: ApiServer, podName: string, pdb: K8sObject): EvictionError | undefined {
  const status = pdbStatus(pdb);
  if ((status.observedGeneration ?? 0) < (pdb.metadata.generation ?? 1)) {
    return { code: 429, reason: 'TooManyRequests', message: PDB_VIOLATION_MESSAGE, causes: [`The disruption budget ${pdb.metadata.name} is still being processed by the server.`] };
  }
  if (status.disruptionsAllowed < 0) {
    return { code: 403, reason: 'Forbidden', message: `poddisruptionbudgets.policy "${pdb.metadata.name}" is forbidden: pdb disruptions allowed is negative` };
  }
  if (Object.keys(status.disruptedPods ?? {}).length > MAX_DISRUPTED_POD_SIZE) {
    return {
      code: 403,
      reason: 'Forbidden',
      message: `poddisruptionbudgets.policy "${pdb.metadata.name}" is forbidden: DisruptedPods map too big - too many evictions not confirmed by PDB controller`,
    };
  }
  if (status.disruptionsAllowed === 0) {
    return {
      code: 429,
      reason: 'TooManyRequests',
      message: PDB_VIOLATION_MESSAGE,
      causes: [`The disruption budget ${pdb.metadata.name} needs ${status.desiredHealthy} healthy pods and has ${status.currentHealthy} currently`],
    };
  }
  const next: PdbStatus = { ...status, disruptionsAllowed: status.disruptionsAllowed - 1 };
  if (next.disruptionsAllowed === 0) {
    // pdbhelper.UpdateDisruptionAllowedCondition.
    const conditions = [...(status.conditions ?? [])];
    const i = conditions.findIndex((c) => c.type === 'DisruptionAllowed');
    const old = i >= 0 ? conditions[i] : undefined;
    const cond: PdbCondition = {
      type: 'DisruptionAllowed',
      status: 'False',
      observedGeneration: status.observedGeneration ?? 0,
      lastTransitionTime: old && old.status === 'False' ? old.lastTransitionTime : rfc3339(api.now),
      reason: 'InsufficientPods',
      message: '',
    };
    if (i >= 0) conditions[i] = cond;
    else conditions.push(cond);
    next.conditions = conditions;
  }
  next.disruptedPods = { ...status.disruptedPods, [podName]: rfc3339(api.now) };
  // Keep the status fields in the API's order.
  const ordered = {
    observedGeneration: next.observedGeneration,
    disruptedPods: next.disruptedPods,
    disruptionsAllowed: next.disruptionsAllowed,
    currentHealthy: next.currentHealthy,
    desiredHealthy: next.desiredHealthy,
    expectedPods: next.expectedPods,
    conditions: next.conditions,
  };
  api.updateStatus({ ...pdb, status: ordered });
  return undefined;
}

/** addConditionAndDeletePod: the DisruptionTarget condition, then a graceful delete. */
function addConditionAndDeletePod(api: ApiServer, pod: Pod, opts: { gracePeriodSeconds?: number }): EvictionResult {
  const conditions = [...(pod.status.conditions ?? [])];
  const i = conditions.findIndex((c) => c.type === 'DisruptionTarget');
  const cond = {
    type: 'DisruptionTarget',
    status: 'True' as const,
    lastProbeTime: null,
    lastTransitionTime: i >= 0 && conditions[i]?.status === 'True' ? (conditions[i]?.lastTransitionTime ?? rfc3339(api.now)) : rfc3339(api.now),
    reason: 'EvictionByEvictionAPI',
    message: 'Eviction API: evicting',
  };
  if (i >= 0) conditions[i] = cond;
  else conditions.push(cond);
  api.updateStatus({ ...pod, status: { ...pod.status, conditions } });
  const deleteOpts = opts.gracePeriodSeconds !== undefined && opts.gracePeriodSeconds >= 0 ? { gracePeriodSeconds: opts.gracePeriodSeconds } : {};
  const result = api.delete('Pod', pod.metadata.namespace, pod.metadata.name, deleteOpts);
  if (!result.ok) return { ok: false, error: { code: result.error.code, reason: result.error.reason === 'NotFound' ? 'NotFound' : 'Forbidden', message: result.error.message } };
  return { ok: true };
}
