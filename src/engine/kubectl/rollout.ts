/**
 * kubectl command family: rollout (see index.ts for dispatch), for StatefulSets and Deployments
 * (kubectl/pkg/polymorphichelpers: StatusViewerFor, HistoryViewerFor, RollbackerFor,
 * defaultObjectRestarter, defaultObjectPauser, defaultObjectResumer); the Deployment halves are in
 * rollout-deploy.ts.
 */
import { getPatch, goJson } from '../controllers/statefulset/revisions.ts';
import type { KindInfo } from '../model/kinds.ts';
import { selectorMatches } from '../model/labels.ts';
import type { ControllerRevision, K8sObject, PodTemplateSpec, StatefulSet } from '../model/types.ts';
import { getControllerOf } from '../model/util.ts';
import { rfc3339 } from '../sim/time.ts';
import { describePodTemplate, LAST_APPLIED } from './describe-common.ts';
import { PlainBuffer, PrefixWriter, formatTabbed } from './describe-writer.ts';
import { resolveArgs } from './describe.ts';
import type { DeploymentLike } from './deployment-util.ts';
import { toJson, toYaml } from './get-encode.ts';
import { deploymentHistory, deploymentHistoryObjects, deploymentStatus, rollbackDeployment } from './rollout-deploy.ts';
import { rolloutStatusJob, type StatusResult, type StatusTarget } from './rollout-wait.ts';
import { fail, ok, type CommandHandler, type Invocation, type KubectlContext, type KubectlResult } from './types.ts';

const CHANGE_CAUSE = 'kubernetes.io/change-cause';
const RESTARTED_AT = 'kubectl.kubernetes.io/restartedAt';
/** `rollout status` without --timeout waits forever in kubectl; the playground stops after this much virtual time. */
export const DEFAULT_STATUS_WAIT_MS = 5 * 60_000;

type Found = { info: KindInfo; obj: K8sObject };

/** The flag parse and the "required resource" check every rollout subcommand's Validate makes, before any lookup. */
function checkArgs(inv: Invocation, command: string, known: readonly string[]): KubectlResult | undefined {
  const unknown = inv.flags.unknown(['namespace', 'selector', 'filename', 'context', 'request-timeout', ...known]);
  if (unknown.length > 0) return fail(`error: unknown flag: ${unknown[0] ?? ''}\nSee 'kubectl rollout ${command} --help' for usage.`);
  if (inv.args.filter((a) => a !== '--').length === 0) {
    return fail('error: required resource not specified');
  }
  return undefined;
}

/** The builder step every rollout subcommand starts with: resolve the arguments to stored objects. */
function findTargets(ctx: KubectlContext, inv: Invocation, command: string, known: readonly string[]): { found: Found[]; error?: KubectlResult } {
  const refused = checkArgs(inv, command, known);
  if (refused) return { found: [], error: refused };
  const args = inv.args.filter((a) => a !== '--');
  const resolved = resolveArgs(args, inv.namespace, inv.flags.has('selector'));
  if (resolved.error) return { found: [], error: fail(resolved.error) };
  const found: Found[] = [];
  for (const target of resolved.targets) {
    if ('all' in target) {
      const list = ctx.api.list(target.info.kind, target.info.namespaced ? inv.namespace : undefined);
      const selectorText = inv.flags.get('selector');
      for (const obj of [...list].sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1))) {
        if (selectorText !== undefined && !matchesSelectorText(selectorText, obj)) continue;
        found.push({ info: target.info, obj });
      }
      continue;
    }
    const obj = ctx.api.get(target.info.kind, target.info.namespaced ? target.namespace : undefined, target.name);
    if (!obj) {
      const group = target.info.apiVersion.includes('/') ? `.${target.info.apiVersion.split('/')[0] ?? ''}` : '';
      return { found, error: fail(`Error from server (NotFound): ${target.info.resource}${group} "${target.name}" not found`) };
    }
    found.push({ info: target.info, obj });
  }
  if (found.length === 0) return { found, error: { code: 0, stdout: '', stderr: `No resources found in ${inv.namespace} namespace.\n` } };
  return { found };
}

function matchesSelectorText(text: string, obj: K8sObject): boolean {
  const labels = obj.metadata.labels ?? {};
  return text.split(',').every((part) => {
    const [k, v] = part.split('=');
    return v === undefined ? Object.hasOwn(labels, (k ?? '').trim()) : labels[(k ?? '').trim()] === v.trim();
  });
}

/** schema.GroupKind.String(): `Kind.group`, or the bare kind for the core group. */
function groupKind(info: KindInfo): string {
  const group = info.apiVersion.includes('/') ? info.apiVersion.split('/')[0] ?? '' : '';
  return group ? `${info.kind}.${group}` : info.kind;
}

/** The resource as kubectl's patch commands name it in errors: `deployments.apps`. */
function resourceString(info: KindInfo): string {
  const group = info.apiVersion.includes('/') ? info.apiVersion.split('/')[0] ?? '' : '';
  return group ? `${info.resource}.${group}` : info.resource;
}

/** The kinds apps.GroupKindElement.Accept knows (the rest have no visitor method at all). */
const VISITABLE = new Set(['DaemonSet', 'Deployment', 'Job', 'Pod', 'ReplicaSet', 'ReplicationController', 'StatefulSet', 'CronJob']);

/** The kubectl name printer's `kind.group/name`. */
function objectName(info: KindInfo, obj: K8sObject): string {
  return `${info.singularQualified}/${obj.metadata.name}`;
}

// ---------------------------------------------------------------------------------------------
// rollout status

/** StatefulSetStatusViewer.Status: the message, whether the rollout is done, or an error. */
export function statefulSetStatus(set: StatefulSet): { message: string; done: boolean; error?: string } {
  const spec = set.spec;
  const status = set.status ?? { replicas: 0 };
  if (spec.updateStrategy?.type !== 'RollingUpdate') {
    return { message: '', done: true, error: 'rollout status is only available for RollingUpdate strategy type' };
  }
  const observed = status.observedGeneration ?? 0;
  if (observed === 0 || (set.metadata.generation ?? 0) > observed) {
    return { message: 'Waiting for statefulset spec update to be observed...\n', done: false };
  }
  const replicas = spec.replicas;
  const ready = status.readyReplicas ?? 0;
  if (replicas !== undefined && ready < replicas) return { message: `Waiting for ${replicas - ready} pods to be ready...\n`, done: false };
  const updated = status.updatedReplicas ?? 0;
  const ru = spec.updateStrategy.rollingUpdate;
  if (ru) {
    if (replicas !== undefined && ru.partition !== undefined && ru.partition !== null) {
      const target = replicas - ru.partition;
      if (updated < target) {
        return { message: `Waiting for partitioned roll out to finish: ${updated} out of ${target} new pods have been updated...\n`, done: false };
      }
    }
    return { message: `partitioned roll out complete: ${updated} new pods have been updated...\n`, done: true };
  }
  if (status.updateRevision !== status.currentRevision) {
    return { message: `waiting for statefulset rolling update to complete ${updated} pods at revision ${status.updateRevision ?? ''}...\n`, done: false };
  }
  return { message: `statefulset rolling update complete ${status.currentReplicas ?? 0} pods at revision ${status.currentRevision ?? ''}...\n`, done: true };
}

/** Go's time.ParseDuration for the units kubectl users type; undefined when malformed. */
export function parseGoDuration(text: string): number | undefined {
  if (text === '0') return 0;
  const units: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  const re = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/y;
  let body = text;
  let sign = 1;
  if (body.startsWith('-') || body.startsWith('+')) {
    sign = body.startsWith('-') ? -1 : 1;
    body = body.slice(1);
  }
  if (body === '') return undefined;
  let total = 0;
  let pos = 0;
  while (pos < body.length) {
    re.lastIndex = pos;
    const m = re.exec(body);
    if (!m) return undefined;
    total += Number(m[1]) * (units[m[2] ?? ''] ?? 0);
    pos = re.lastIndex;
  }
  return sign * total;
}

function parseBool(text: string | undefined): boolean | undefined {
  if (text === undefined) return undefined;
  if (['1', 't', 'T', 'true', 'TRUE', 'True'].includes(text)) return true;
  if (['0', 'f', 'F', 'false', 'FALSE', 'False'].includes(text)) return false;
  return undefined;
}

const rolloutStatus: CommandHandler = (ctx, inv) => {
  // RolloutStatusOptions.Validate: a resource is required and --revision may not be negative.
  const refused = checkArgs(inv, 'status', ['watch', 'timeout', 'revision']);
  if (refused) return refused;
  const early = inv.flags.get('revision');
  if (early !== undefined && /^-\d+$/.test(early) && Number(early) < 0) return fail(`error: revision must be a positive integer: ${Number(early)}`);
  const { found, error } = findTargets(ctx, inv, 'status', ['watch', 'timeout', 'revision']);
  if (error) return error;
  const watchText = inv.flags.get('watch');
  const watch = parseBool(watchText ?? 'true');
  if (watch === undefined) return fail(`error: invalid argument "${watchText ?? ''}" for "-w, --watch" flag: strconv.ParseBool: parsing "${watchText ?? ''}": invalid syntax`);
  const timeoutText = inv.flags.get('timeout');
  let timeoutMs = 0;
  if (timeoutText !== undefined) {
    const parsed = parseGoDuration(timeoutText);
    if (parsed === undefined) return fail(`error: invalid argument "${timeoutText}" for "--timeout" flag: time: invalid duration "${timeoutText}"`);
    timeoutMs = Math.max(0, parsed);
  }
  const revisionText = inv.flags.get('revision');
  if (revisionText !== undefined && !/^-?\d+$/.test(revisionText)) {
    return fail(`error: invalid argument "${revisionText}" for "--revision" flag: strconv.ParseInt: parsing "${revisionText}": invalid syntax`);
  }
  const revision = revisionText === undefined ? 0 : Number(revisionText);
  if (ctx.defer) {
    // In a terminal: stream the status lines as the rollout goes (rollout-wait.ts).
    const targets: StatusTarget[] = [];
    for (const { info, obj } of found) {
      let viewer: ((o: K8sObject) => StatusResult) | undefined;
      if (info.kind === 'StatefulSet') viewer = (o) => statefulSetStatus(o as StatefulSet);
      else if (info.kind === 'Deployment') viewer = (o) => deploymentStatus(o as DeploymentLike, revision);
      if (!viewer) return fail(`error: no status viewer has been implemented for ${groupKind(info)}`);
      targets.push({ obj, viewer, timeoutMs: timeoutMs > 0 ? timeoutMs : defaultStatusWait(obj) });
    }
    ctx.defer(() => rolloutStatusJob(ctx, targets, watch));
    return { code: 0, stdout: '', stderr: '' };
  }
  let stdout = '';
  for (const { info, obj } of found) {
    let viewer: ((o: K8sObject) => StatusResult) | undefined;
    if (info.kind === 'StatefulSet') viewer = (o) => statefulSetStatus(o as StatefulSet);
    else if (info.kind === 'Deployment') viewer = (o) => deploymentStatus(o as DeploymentLike, revision);
    if (!viewer) return fail(`error: no status viewer has been implemented for ${groupKind(info)}`, 1, stdout);
    const result = watchRollout(ctx, obj, viewer, watch, timeoutMs);
    stdout += result.stdout;
    if (result.error) return fail(`error: ${result.error}`, 1, stdout);
  }
  return { code: 0, stdout, stderr: '' };
};

/** A Deployment's rollout fails at its progress deadline: without --timeout, wait at least that long. */
function defaultStatusWait(initial: K8sObject): number {
  const progressDeadline = (initial as DeploymentLike).spec?.progressDeadlineSeconds;
  return initial.kind === 'Deployment' && typeof progressDeadline === 'number' ? Math.max(DEFAULT_STATUS_WAIT_MS, (progressDeadline + 60) * 1000) : DEFAULT_STATUS_WAIT_MS;
}

/** watchtools.UntilWithSync over the object: one evaluation per ADDED/MODIFIED event, advancing virtual time. */
function watchRollout(ctx: KubectlContext, initial: K8sObject, viewer: (o: K8sObject) => StatusResult, watch: boolean, timeoutMs: number): { stdout: string; error?: string } {
  let stdout = '';
  const evaluate = (obj: K8sObject): { done: boolean; error?: string } => {
    const status = viewer(obj);
    if (status.error) return { done: true, error: status.error };
    stdout += status.message;
    return { done: status.done || !watch };
  };
  const first = evaluate(initial);
  if (first.error) return { stdout, error: first.error };
  if (first.done) return { stdout };

  const deadline = ctx.cluster.now() + (timeoutMs > 0 ? timeoutMs : defaultStatusWait(initial));
  let seen = ctx.engine.state.rv;
  const ns = initial.metadata.namespace ?? 'default';
  for (;;) {
    const now = ctx.cluster.now();
    if (now >= deadline) return { stdout, error: 'timed out waiting for the condition' };
    const next = ctx.engine.nextBusyTimer();
    const target = next ? Math.min(Math.max(next.at, now), deadline) : deadline;
    ctx.cluster.advance(target - now);
    // The informer behind UntilWithSync relists when its watch is too old: the current object stands in.
    const current = ctx.api.get(initial.kind, initial.metadata.namespace, initial.metadata.name);
    const fresh = ctx.api.changesAfter(seen) ?? [{ time: ctx.cluster.now(), type: current ? ('MODIFIED' as const) : ('DELETED' as const), kind: initial.kind, name: initial.metadata.name, namespace: ns, object: current ?? initial }];
    seen = ctx.engine.state.rv;
    for (const change of fresh) {
      if (change.kind !== initial.kind || change.name !== initial.metadata.name || (change.namespace ?? 'default') !== ns) continue;
      if (change.type === 'DELETED') return { stdout, error: 'object has been deleted' };
      const result = evaluate(change.object);
      if (result.error) return { stdout, error: result.error };
      if (result.done) return { stdout };
    }
    if (!next && ctx.cluster.now() >= deadline) return { stdout, error: 'timed out waiting for the condition' };
  }
}

// ---------------------------------------------------------------------------------------------
// history / undo helpers

/** statefulSetHistory: the revisions selected by the set's selector and controlled by it. */
export function statefulSetHistory(ctx: KubectlContext, set: StatefulSet): ControllerRevision[] {
  const revisions = ctx.api.list('ControllerRevision', set.metadata.namespace) as readonly ControllerRevision[];
  return revisions.filter((r) => selectorMatches(set.spec.selector, r.metadata.labels) && getControllerOf(r)?.uid === set.metadata.uid);
}

/** applyStatefulSetHistory: the template the revision's patch would put back. */
function templateOf(revision: ControllerRevision): PodTemplateSpec {
  const data = revision.data as { spec?: { template?: Record<string, unknown> } };
  const { $patch: _patch, ...template } = data.spec?.template ?? {};
  const metadata = { ...(template['metadata'] as Record<string, unknown> | undefined) };
  delete metadata['creationTimestamp'];
  return { ...template, metadata } as unknown as PodTemplateSpec;
}

function parseRevisionFlag(inv: Invocation, flag: string): { value: number; error?: KubectlResult } {
  const text = inv.flags.get(flag);
  if (text === undefined) return { value: 0 };
  if (!/^[+-]?\d+$/.test(text)) {
    return { value: 0, error: fail(`error: invalid argument "${text}" for "--${flag}" flag: strconv.ParseInt: parsing "${text}": invalid syntax`) };
  }
  return { value: Number(text) };
}

// ---------------------------------------------------------------------------------------------
// rollout history

const rolloutHistory: CommandHandler = (ctx, inv) => {
  // RolloutHistoryOptions.Validate refuses a negative --revision before anything is looked up.
  const refused = checkArgs(inv, 'history', ['revision', 'output']);
  if (refused) return refused;
  const revision = parseRevisionFlag(inv, 'revision');
  if (revision.error) return revision.error;
  if (revision.value < 0) return fail(`error: revision must be a positive integer: ${revision.value}`);
  const { found, error } = findTargets(ctx, inv, 'history', ['revision', 'output']);
  if (error) return error;
  const output = inv.flags.get('output');
  if (output !== undefined && !['yaml', 'json', 'name'].includes(output)) {
    return fail(`error: unable to match a printer suitable for the output format "${output}", allowed formats are: json,name,yaml`);
  }
  let stdout = '';
  for (const { info, obj } of found) {
    if (output !== undefined) {
      if (info.kind !== 'Deployment') return fail(`error: "kubectl rollout history -o" is not available for ${info.resource} in this playground yet`, 1, stdout);
      // GetHistory: the ReplicaSet of each revision (or of the one asked for), printed in revision order.
      const history = deploymentHistoryObjects(ctx, obj as DeploymentLike);
      const revisions = revision.value > 0 ? [revision.value] : [...history.keys()].sort((a, b) => a - b);
      if (revision.value > 0 && !history.has(revision.value)) return fail('error: unable to find the specified revision', 1, stdout);
      for (const r of revisions) {
        const rs = history.get(r) as K8sObject;
        if (output === 'name') stdout += `replicaset.apps/${rs.metadata.name}\n`;
        else if (output === 'json') stdout += toJson(rs);
        else stdout += `${stdout ? '---\n' : ''}${toYaml(rs)}`;
      }
      continue;
    }
    if (!VISITABLE.has(info.kind)) {
      return fail(`error: error retrieving history for "${groupKind(info)}", no visitor method exists for {${info.apiVersion.includes('/') ? info.apiVersion.split('/')[0] ?? '' : ''} ${info.kind}}`, 1, stdout);
    }
    if (info.kind === 'Deployment') {
      const viewed = deploymentHistory(ctx, obj as DeploymentLike, revision.value);
      if (viewed.error) return fail(`error: ${viewed.error}`, 1, stdout);
      stdout += `${objectName(info, obj)} ${revision.value > 0 ? `with revision #${revision.value}` : ''}\n${viewed.text}\n`;
      continue;
    }
    if (info.kind !== 'StatefulSet') return fail(`error: no history viewer has been implemented for "${groupKind(info)}"`, 1, stdout);
    const history = statefulSetHistory(ctx, obj as StatefulSet);
    const byRevision = new Map<number, ControllerRevision>();
    for (const h of history) byRevision.set(h.revision, h);
    let text: string;
    if (byRevision.size === 0) {
      text = 'No rollout history found.';
    } else if (revision.value > 0) {
      const h = byRevision.get(revision.value);
      if (!h) return fail('error: unable to find the specified revision', 1, stdout);
      const buffer = new PlainBuffer();
      describePodTemplate(new PrefixWriter(buffer), templateOf(h));
      text = buffer.toString();
    } else {
      let table = 'REVISION\tCHANGE-CAUSE\n';
      for (const r of [...byRevision.keys()].sort((a, b) => a - b)) {
        table += `${r}\t${byRevision.get(r)?.metadata.annotations?.[CHANGE_CAUSE] || '<none>'}\n`;
      }
      text = formatTabbed(table);
    }
    const withRevision = revision.value > 0 ? `with revision #${revision.value}` : '';
    stdout += `${objectName(info, obj)} ${withRevision}\n${text}\n`;
  }
  return { code: 0, stdout, stderr: '' };
};

// ---------------------------------------------------------------------------------------------
// rollout undo

const rolloutUndo: CommandHandler = (ctx, inv) => {
  const { found, error } = findTargets(ctx, inv, 'undo', ['to-revision', 'dry-run']);
  if (error) return error;
  const toRevision = parseRevisionFlag(inv, 'to-revision');
  if (toRevision.error) return toRevision.error;
  const dryRun = inv.flags.get('dry-run') ?? 'none';
  if (!['none', 'client', 'server'].includes(dryRun)) return fail(`error: Invalid dry-run value (${dryRun}). Must be "none", "server", or "client".`);
  if (dryRun === 'server') return fail('error: "kubectl rollout undo --dry-run=server" is not available in this playground yet');
  let stdout = '';
  let stderr = '';
  for (const { info, obj } of found) {
    if (obj.metadata.annotations?.[LAST_APPLIED] !== undefined) {
      stderr +=
        `Warning: resource ${info.resource}/${obj.metadata.name} was previously managed with 'kubectl apply'. ` +
        `Rolling back will not update the ${LAST_APPLIED} annotation, which may cause unexpected behavior on future 'kubectl apply' operations. ` +
        "Consider using 'kubectl apply' with your previous configuration file instead.\n";
    }
    if (!VISITABLE.has(info.kind)) {
      return { code: 1, stdout, stderr: `${stderr}error: error retrieving rollbacker for "${groupKind(info)}", no visitor method exists for {${info.apiVersion.includes('/') ? info.apiVersion.split('/')[0] ?? '' : ''} ${info.kind}}\n` };
    }
    if (info.kind !== 'StatefulSet' && info.kind !== 'Deployment') {
      return { code: 1, stdout, stderr: `${stderr}error: no rollbacker has been implemented for "${groupKind(info)}"\n` };
    }
    if (dryRun === 'client' && info.kind !== 'Deployment') {
      return { code: 1, stdout, stderr: `${stderr}error: "kubectl rollout undo --dry-run" is not available for ${info.resource} in this playground yet\n` };
    }
    const result =
      info.kind === 'Deployment'
        ? rollbackDeployment(ctx, obj as DeploymentLike, toRevision.value, dryRun === 'client')
        : rollbackStatefulSet(ctx, obj as StatefulSet, toRevision.value);
    if (result.error) return { code: 1, stdout, stderr: `${stderr}error: ${result.error}\n` };
    // PrintFlagsWithDryRunStrategy: the operation gets ` (dry run)` appended.
    stdout += `${objectName(info, obj)} ${result.message}${dryRun === 'client' ? ' (dry run)' : ''}\n`;
  }
  return { code: 0, stdout, stderr };
};

/** StatefulSetRollbacker.Rollback. */
export function rollbackStatefulSet(ctx: KubectlContext, set: StatefulSet, toRevision: number): { message: string; error?: string } {
  const notFoundError = `unable to find specified revision ${toRevision} in history`;
  if (toRevision < 0) return { message: '', error: notFoundError };
  const history = statefulSetHistory(ctx, set);
  if (toRevision === 0 && history.length <= 1) return { message: '', error: 'no last revision to roll back to' };
  let target: ControllerRevision | undefined;
  if (toRevision === 0) {
    const sorted = [...history].sort((a, b) => a.revision - b.revision);
    target = sorted[sorted.length - 2];
  } else {
    target = history.find((h) => h.revision === toRevision);
  }
  if (!target) return { message: '', error: notFoundError };
  if (goJson(getPatch(set)) === goJson(target.data)) {
    return { message: `skipped rollback (current template already matches revision ${toRevision})` };
  }
  const patched = ctx.cluster.patch('StatefulSet', set.metadata.name, target.data, { namespace: set.metadata.namespace ?? 'default', type: 'strategic' });
  if (!patched.ok) return { message: '', error: `failed restoring revision ${toRevision}: ${patched.message.replace(/^error: /, '')}` };
  return { message: 'rolled back' };
}

// ---------------------------------------------------------------------------------------------
// rollout restart

/**
 * The patch commands (restart, pause, resume) as RunRestart/RunPause/RunResume run them: the object
 * function either refuses (`error: <resource> "<name>" <reason>`), leaves the object as it was, or
 * changes it; the change goes to the server as a strategic merge patch.
 */
function patchCommand(
  command: string,
  change: (info: KindInfo, obj: K8sObject, stamp: string) => { patch?: Record<string, unknown>; error?: string },
  verb: string,
  unchanged: (obj: K8sObject) => { line?: string; error?: string }
): CommandHandler {
  return (ctx, inv) => {
    const { found, error } = findTargets(ctx, inv, command, []);
    if (error) return error;
    let stdout = '';
    const errors: string[] = [];
    const stamp = rfc3339(ctx.cluster.now());
    for (const { info, obj } of found) {
      const outcome = change(info, obj, stamp);
      if (outcome.error) {
        errors.push(`error: ${resourceString(info)} "${obj.metadata.name}" ${outcome.error}`);
        continue;
      }
      if (!outcome.patch) {
        const same = unchanged(obj);
        if (same.error) errors.push(same.error);
        if (same.line) stdout += `${objectName(info, obj)} ${same.line}\n`;
        continue;
      }
      const result = ctx.cluster.patch(info.kind, obj.metadata.name, outcome.patch, { namespace: obj.metadata.namespace ?? 'default', type: 'strategic' });
      if (!result.ok) {
        errors.push(`failed to patch: ${result.message.replace(/^(error: |Error from server \(\w+\): )/, '')}`);
        continue;
      }
      stdout += `${objectName(info, obj)} ${verb}\n`;
    }
    if (errors.length > 0) {
      const text = errors.length === 1 ? (errors[0] ?? '') : `[${errors.join(', ')}]`;
      return fail(text.startsWith('error: ') ? text : `error: ${text}`, 1, stdout);
    }
    return ok(stdout);
  };
}

function isPaused(obj: K8sObject): boolean {
  return (obj as DeploymentLike).spec.paused === true;
}

/** defaultObjectRestarter: a restartedAt annotation on the pod template (not for a paused Deployment). */
const rolloutRestart = patchCommand(
  'restart',
  (info, obj, stamp) => {
    if (info.kind !== 'StatefulSet' && info.kind !== 'Deployment') return { error: 'restarting is not supported' };
    if (info.kind === 'Deployment' && isPaused(obj)) return { error: "can't restart paused deployment (run rollout resume first)" };
    const template = (obj as StatefulSet).spec.template;
    if (template.metadata?.annotations?.[RESTARTED_AT] === stamp) return {};
    return { patch: { spec: { template: { metadata: { annotations: { [RESTARTED_AT]: stamp } } } } } };
  },
  'restarted',
  (obj) => ({
    error: `failed to create patch for ${obj.metadata.name}: if restart has already been triggered within the past second, please wait before attempting to trigger another`,
  })
);

/** defaultObjectPauser: only Deployments pause. */
const rolloutPause = patchCommand(
  'pause',
  (info, obj) => {
    if (info.kind !== 'Deployment') return { error: 'pausing is not supported' };
    if (isPaused(obj)) return { error: 'is already paused' };
    return { patch: { spec: { paused: true } } };
  },
  'paused',
  () => ({ line: 'already paused' })
);

/** defaultObjectResumer. */
const rolloutResume = patchCommand(
  'resume',
  (info, obj) => {
    if (info.kind !== 'Deployment') return { error: 'resuming is not supported' };
    if (!isPaused(obj)) return { error: 'is not paused' };
    return { patch: { spec: { paused: null } } };
  },
  'resumed',
  () => ({ line: 'already resumed' })
);

export const ROLLOUT_COMMANDS: Record<string, CommandHandler> = {
  'rollout status': rolloutStatus,
  'rollout history': rolloutHistory,
  'rollout undo': rolloutUndo,
  'rollout restart': rolloutRestart,
  'rollout pause': rolloutPause,
  'rollout resume': rolloutResume,
};
