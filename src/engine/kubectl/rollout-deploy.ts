/**
 * `kubectl rollout` for Deployments (kubectl/pkg/polymorphichelpers): DeploymentStatusViewer,
 * DeploymentHistoryViewer, DeploymentRollbacker, and the pause/resume/restart patch functions.
 */
import { LAST_APPLIED, describePodTemplate } from './describe-common.ts';
import { PlainBuffer, PrefixWriter, formatTabbed } from './describe-writer.ts';
import {
  DESIRED_REPLICAS_ANNOTATION,
  MAX_REPLICAS_ANNOTATION,
  REVISION_ANNOTATION,
  REVISION_HISTORY_ANNOTATION,
  TIMED_OUT_REASON,
  equalIgnoreHash,
  getAllReplicaSets,
  getDeploymentCondition,
  revisionOf,
  withoutHash,
  type DeploymentLike,
  type ReplicaSetLike,
} from './deployment-util.ts';
import type { KubectlContext } from './types.ts';

const CHANGE_CAUSE = 'kubernetes.io/change-cause';
/** appsv1.DeprecatedRollbackTo. */
const DEPRECATED_ROLLBACK_TO = 'deprecated.deployment.rollback.to';

/** DeploymentStatusViewer.Status: the message, whether the rollout is done, or an error. */
export function deploymentStatus(d: DeploymentLike, revision: number): { message: string; done: boolean; error?: string } {
  if (revision > 0) {
    const current = revisionOf(d) ?? 0;
    if (revision !== current) return { message: '', done: false, error: `desired revision (${revision}) is different from the running revision (${current})` };
  }
  const name = d.metadata.name;
  const status = d.status ?? {};
  if ((d.metadata.generation ?? 0) <= (status.observedGeneration ?? 0)) {
    const progressing = getDeploymentCondition(d, 'Progressing');
    if (progressing?.reason === TIMED_OUT_REASON) return { message: '', done: false, error: `deployment "${name}" exceeded its progress deadline` };
    const updated = status.updatedReplicas ?? 0;
    const replicas = d.spec.replicas;
    if (replicas !== undefined && updated < replicas) {
      return { message: `Waiting for deployment "${name}" rollout to finish: ${updated} out of ${replicas} new replicas have been updated...\n`, done: false };
    }
    const total = status.replicas ?? 0;
    if (total > updated) {
      return { message: `Waiting for deployment "${name}" rollout to finish: ${total - updated} old replicas are pending termination...\n`, done: false };
    }
    const available = status.availableReplicas ?? 0;
    if (available < updated) {
      return { message: `Waiting for deployment "${name}" rollout to finish: ${available} of ${updated} updated replicas are available...\n`, done: false };
    }
    return { message: `deployment "${name}" successfully rolled out\n`, done: true };
  }
  return { message: 'Waiting for deployment spec update to be observed...\n', done: false };
}

/** getDeploymentReplicaSets: every old ReplicaSet and the new one. */
function deploymentReplicaSets(ctx: KubectlContext, d: DeploymentLike): ReplicaSetLike[] {
  const { allOld, newRS } = getAllReplicaSets(ctx, d);
  return newRS ? [...allOld, newRS] : allOld;
}

/** DeploymentHistoryViewer.GetHistory: the ReplicaSet of each revision. */
export function deploymentHistoryObjects(ctx: KubectlContext, d: DeploymentLike): Map<number, ReplicaSetLike> {
  const out = new Map<number, ReplicaSetLike>();
  for (const rs of deploymentReplicaSets(ctx, d)) {
    const v = revisionOf(rs);
    if (v === undefined && rs.metadata.annotations?.[REVISION_ANNOTATION] !== undefined) continue;
    out.set(v ?? 0, rs);
  }
  return out;
}

/** printTemplate: DescribePodTemplate into a plain buffer (tabs stay literal). */
function printTemplate(template: DeploymentLike['spec']['template']): string {
  const buffer = new PlainBuffer();
  describePodTemplate(new PrefixWriter(buffer), template);
  return buffer.toString();
}

/** DeploymentHistoryViewer.ViewHistory: the revision table, or one revision's template. */
export function deploymentHistory(ctx: KubectlContext, d: DeploymentLike, revision: number): { text: string; error?: string } {
  const history = deploymentHistoryObjects(ctx, d);
  if (history.size === 0) return { text: 'No rollout history found.' };
  if (revision > 0) {
    const rs = history.get(revision);
    if (!rs) return { text: '', error: 'unable to find the specified revision' };
    const template = JSON.parse(JSON.stringify(rs.spec.template)) as DeploymentLike['spec']['template'];
    const cause = rs.metadata.annotations?.[CHANGE_CAUSE];
    if (cause) template.metadata = { ...template.metadata, annotations: { ...template.metadata?.annotations, [CHANGE_CAUSE]: cause } };
    return { text: printTemplate(template) };
  }
  let table = 'REVISION\tCHANGE-CAUSE\n';
  for (const r of [...history.keys()].sort((a, b) => a - b)) {
    // The change cause is read off the template, where the ReplicaSet's own (when set) overrides one
    // the pod template carries.
    const rs = history.get(r);
    table += `${r}\t${rs?.metadata.annotations?.[CHANGE_CAUSE] || rs?.spec.template.metadata?.annotations?.[CHANGE_CAUSE] || '<none>'}\n`;
  }
  return { text: formatTabbed(table) };
}

/** deploymentRevision: the ReplicaSet of a revision, or of the one before the latest for 0. */
function deploymentRevision(ctx: KubectlContext, d: DeploymentLike, toRevision: number): { rs?: ReplicaSetLike; error?: string } {
  let latest: ReplicaSetLike | undefined;
  let latestRevision = -1;
  let previous: ReplicaSetLike | undefined;
  let previousRevision = -1;
  for (const rs of deploymentReplicaSets(ctx, d)) {
    const v = revisionOf(rs) ?? (rs.metadata.annotations?.[REVISION_ANNOTATION] === undefined ? 0 : undefined);
    if (v === undefined) continue;
    if (toRevision === 0) {
      if (latestRevision < v) {
        previousRevision = latestRevision;
        previous = latest;
        latestRevision = v;
        latest = rs;
      } else if (previousRevision < v) {
        previousRevision = v;
        previous = rs;
      }
    } else if (toRevision === v) return { rs };
  }
  if (toRevision > 0) return { error: `unable to find specified revision ${toRevision} in history` };
  if (!previous) return { error: `no rollout history found for deployment "${d.metadata.name}"` };
  return { rs: previous };
}

const ANNOTATIONS_TO_SKIP = new Set([LAST_APPLIED, REVISION_ANNOTATION, REVISION_HISTORY_ANNOTATION, DESIRED_REPLICAS_ANNOTATION, MAX_REPLICAS_ANNOTATION, DEPRECATED_ROLLBACK_TO]);

/** DeploymentRollbacker.Rollback: writes the revision's template (and annotations) back with a JSON patch. */
export function rollbackDeployment(ctx: KubectlContext, d: DeploymentLike, toRevision: number, dryRunClient = false): { message: string; error?: string } {
  if (toRevision < 0) return { message: '', error: `unable to find specified revision ${toRevision} in history` };
  const found = deploymentRevision(ctx, d, toRevision);
  if (!found.rs) return { message: '', error: found.error ?? '' };
  const rs = found.rs;
  // A client dry run shows the revision's template as stored (pod-template-hash label included).
  if (dryRunClient) return { message: printTemplate(rs.spec.template) };
  if (d.spec.paused) return { message: '', error: "you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again" };
  if (equalIgnoreHash(rs.spec.template, d.spec.template)) {
    return { message: `skipped rollback (current template already matches revision ${toRevision})` };
  }
  const annotations: Record<string, string> = {};
  for (const key of ANNOTATIONS_TO_SKIP) {
    const value = d.metadata.annotations?.[key];
    if (value !== undefined) annotations[key] = value;
  }
  for (const [key, value] of Object.entries(rs.metadata.annotations ?? {})) if (!ANNOTATIONS_TO_SKIP.has(key)) annotations[key] = value;
  const patch = [
    { op: 'replace', path: '/spec/template', value: withoutHash(rs.spec.template) },
    { op: 'replace', path: '/metadata/annotations', value: annotations },
  ];
  const result = ctx.cluster.patch('Deployment', d.metadata.name, patch, { namespace: d.metadata.namespace ?? 'default', type: 'json' });
  if (!result.ok) return { message: '', error: `failed restoring revision ${toRevision}: ${result.message.replace(/^(error: |Error from server \(\w+\): )/, '')}` };
  return { message: 'rolled back' };
}
