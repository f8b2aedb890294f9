/**
 * kubectl's describers (kubectl/pkg/describe/describe.go) for the kinds around a StatefulSet:
 * Deployment, ReplicaSet, PodDisruptionBudget, ServiceAccount, Secret and the RBAC kinds.
 */
import { selectorMatches } from '../model/labels.ts';
import type { K8sObject, LabelSelector, Pod } from '../model/types.ts';
import { getControllerOf } from '../model/util.ts';
import {
  describePodTemplate,
  goSlice,
  objectEvents,
  printAnnotationsMultiline,
  printObjectHeader,
  printLabelsMultiline,
  rfc1123z,
  writeEvents,
} from './describe-common.ts';
import { tabbedString } from './describe-writer.ts';
import { getAllReplicaSets, type DeploymentLike, type ReplicaSetLike } from './deployment-util.ts';
import { selectorString } from './get-columns.ts';
import type { KubectlContext } from './types.ts';

export type AppsDescriber = (ctx: KubectlContext, obj: K8sObject, settings: { showEvents: boolean }) => string;

/** searchEvents: events whose involvedObject is this object (name, namespace, kind, uid). */
/** intstr.IntOrString.String(), and `<nil>` for a nil pointer as Go's %s prints it. */
function intOrString(value: unknown): string {
  if (value === undefined || value === null) return '<nil>';
  return String(value);
}

/** metav1.FormatLabelSelector. */
function formatLabelSelector(selector: LabelSelector | undefined): string {
  const text = selectorString(selector);
  return text === '' ? '<none>' : text;
}

/** getPodStatusForController: phases of the pods the selector picks that this controller owns. */
function podStatusFor(ctx: KubectlContext, owner: K8sObject, selector: LabelSelector | undefined): string {
  let running = 0;
  let waiting = 0;
  let succeeded = 0;
  let failed = 0;
  for (const p of ctx.api.list('Pod', owner.metadata.namespace) as readonly Pod[]) {
    if (!selectorMatches(selector, p.metadata.labels)) continue;
    if (getControllerOf(p)?.uid !== owner.metadata.uid) continue;
    const phase = p.status?.phase;
    if (phase === 'Running') running++;
    else if (phase === 'Pending') waiting++;
    else if (phase === 'Succeeded') succeeded++;
    else if (phase === 'Failed') failed++;
  }
  return `${running} Running / ${waiting} Waiting / ${succeeded} Succeeded / ${failed} Failed`;
}

/** printReplicaSetsByLabels: `name (current/desired replicas created)`, comma separated. */
function printReplicaSetsByLabels(list: readonly ReplicaSetLike[]): string {
  const text = list.map((rs) => `${rs.metadata.name} (${rs.status?.replicas ?? 0}/${rs.spec.replicas ?? 0} replicas created)`).join(', ');
  return text === '' ? '<none>' : text;
}

/** describeDeployment. */
export const describeDeployment: AppsDescriber = (ctx, obj, settings) => {
  const d = obj as DeploymentLike;
  const events = objectEvents(ctx, d, settings.showEvents);
  const { allOld, newRS } = getAllReplicaSets(ctx, d);
  const status = d.status ?? {};
  return tabbedString((w) => {
    w.write(0, `Name:\t${d.metadata.name}\n`);
    w.write(0, `Namespace:\t${d.metadata.namespace ?? ''}\n`);
    w.write(0, `CreationTimestamp:\t${rfc1123z(d.metadata.creationTimestamp)}\n`);
    printLabelsMultiline(w, 'Labels', d.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', d.metadata.annotations);
    w.write(0, `Selector:\t${selectorString(d.spec.selector)}\n`);
    w.write(
      0,
      `Replicas:\t${d.spec.replicas ?? 0} desired | ${status.updatedReplicas ?? 0} updated | ${status.replicas ?? 0} total | ${status.availableReplicas ?? 0} available | ${status.unavailableReplicas ?? 0} unavailable\n`
    );
    w.write(0, `StrategyType:\t${d.spec.strategy?.type ?? ''}\n`);
    w.write(0, `MinReadySeconds:\t${d.spec.minReadySeconds ?? 0}\n`);
    const ru = d.spec.strategy?.rollingUpdate;
    if (ru) w.write(0, `RollingUpdateStrategy:\t${intOrString(ru.maxUnavailable)} max unavailable, ${intOrString(ru.maxSurge)} max surge\n`);
    describePodTemplate(w, d.spec.template);
    const conditions = status.conditions ?? [];
    if (conditions.length > 0) {
      w.write(0, 'Conditions:\n  Type\tStatus\tReason\n');
      w.write(1, '----\t------\t------\n');
      for (const c of conditions) w.write(1, `${c.type} \t${c.status}\t${c.reason ?? ''}\n`);
    }
    if (allOld.length > 0 || newRS) {
      w.write(0, `OldReplicaSets:\t${printReplicaSetsByLabels(allOld)}\n`);
      w.write(0, `NewReplicaSet:\t${printReplicaSetsByLabels(newRS ? [newRS] : [])}\n`);
    }
    writeEvents(ctx, w, events);
  });
};

/** describeReplicaSet. */
export const describeReplicaSet: AppsDescriber = (ctx, obj, settings) => {
  const rs = obj as ReplicaSetLike;
  const events = objectEvents(ctx, rs, settings.showEvents);
  const pods = podStatusFor(ctx, rs, rs.spec.selector);
  return tabbedString((w) => {
    w.write(0, `Name:\t${rs.metadata.name}\n`);
    w.write(0, `Namespace:\t${rs.metadata.namespace ?? ''}\n`);
    w.write(0, `Selector:\t${formatLabelSelector(rs.spec.selector)}\n`);
    printLabelsMultiline(w, 'Labels', rs.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', rs.metadata.annotations);
    const controller = getControllerOf(rs);
    if (controller) w.write(0, `Controlled By:\t${controller.kind}/${controller.name}\n`);
    w.write(0, `Replicas:\t${rs.status?.replicas ?? 0} current / ${rs.spec.replicas ?? 0} desired\n`);
    w.write(0, 'Pods Status:\t');
    w.write(0, `${pods}\n`);
    describePodTemplate(w, rs.spec.template);
    const conditions = rs.status?.conditions ?? [];
    if (conditions.length > 0) {
      w.write(0, 'Conditions:\n  Type\tStatus\tReason\n');
      w.write(1, '----\t------\t------\n');
      for (const c of conditions) w.write(1, `${c.type} \t${c.status}\t${c.reason ?? ''}\n`);
    }
    writeEvents(ctx, w, events);
  });
};

interface PdbLike extends K8sObject {
  spec?: { minAvailable?: number | string; maxUnavailable?: number | string; selector?: LabelSelector };
  status?: { disruptionsAllowed?: number; currentHealthy?: number; desiredHealthy?: number; expectedPods?: number };
}

/** describePodDisruptionBudgetV1. */
export const describePodDisruptionBudget: AppsDescriber = (ctx, obj, settings) => {
  const pdb = obj as PdbLike;
  const events = objectEvents(ctx, pdb, settings.showEvents);
  const spec = pdb.spec ?? {};
  const status = pdb.status ?? {};
  return tabbedString((w) => {
    w.write(0, `Name:\t${pdb.metadata.name}\n`);
    w.write(0, `Namespace:\t${pdb.metadata.namespace ?? ''}\n`);
    if (spec.minAvailable !== undefined && spec.minAvailable !== null) w.write(0, `Min available:\t${intOrString(spec.minAvailable)}\n`);
    else if (spec.maxUnavailable !== undefined && spec.maxUnavailable !== null) w.write(0, `Max unavailable:\t${intOrString(spec.maxUnavailable)}\n`);
    if (spec.selector) w.write(0, `Selector:\t${formatLabelSelector(spec.selector)}\n`);
    else w.write(0, 'Selector:\t<unset>\n');
    w.write(0, 'Status:\n');
    w.write(2, `Allowed disruptions:\t${status.disruptionsAllowed ?? 0}\n`);
    w.write(2, `Current:\t${status.currentHealthy ?? 0}\n`);
    w.write(2, `Desired:\t${status.desiredHealthy ?? 0}\n`);
    w.write(2, `Total:\t${status.expectedPods ?? 0}\n`);
    writeEvents(ctx, w, events);
  });
};

/** describeServiceAccount: image pull secrets under one header, then events. */
export const describeServiceAccount: AppsDescriber = (ctx, obj, settings) => {
  const events = objectEvents(ctx, obj, settings.showEvents);
  const pull = ((obj['imagePullSecrets'] as { name?: string }[] | undefined) ?? []).map((s) => s.name ?? '');
  return tabbedString((w) => {
    printObjectHeader(w, obj);
    const header = 'Image pull secrets:';
    if (pull.length === 0) w.write(0, `${header}\t<none>\n`);
    else {
      let prefix = header;
      for (const name of pull) {
        w.write(0, `${prefix}\t${name}\n`);
        prefix = ' '.repeat(header.length);
      }
    }
    writeEvents(ctx, w, events);
  });
};

/** Bytes of a base64 value as the apiserver decodes it (len(secret.Data[k])). */
function base64Length(text: string): number {
  const clean = text.replace(/\s/g, '');
  const padding = clean.endsWith('==') ? 2 : clean.endsWith('=') ? 1 : 0;
  return Math.max(0, Math.floor((clean.length * 3) / 4) - padding);
}

/** Bytes of a string in UTF-8. */
function utf8Length(text: string): number {
  let n = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    n += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  }
  return n;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** A base64 value decoded to bytes, read as UTF-8 (the token kubectl shows as text). */
function decodeBase64(text: string): string {
  const bytes: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const ch of text.replace(/[\s=]/g, '')) {
    const v = B64.indexOf(ch);
    if (v < 0) return '';
    buffer = (buffer << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((buffer >> bits) & 0xff);
    }
  }
  let out = '';
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i] ?? 0;
    const extra = b >= 0xf0 ? 3 : b >= 0xe0 ? 2 : b >= 0xc0 ? 1 : 0;
    let code = extra === 0 ? b : b & (0x3f >> extra);
    for (let j = 1; j <= extra; j++) code = (code << 6) | ((bytes[i + j] ?? 0) & 0x3f);
    out += String.fromCodePoint(code);
    i += extra + 1;
  }
  return out;
}

/** describeSecret: sizes only, except a service-account token, whose value is shown. */
export const describeSecret: AppsDescriber = (_ctx, obj) => {
  const data = (obj['data'] as Record<string, string> | undefined) ?? {};
  const stringData = (obj['stringData'] as Record<string, string> | undefined) ?? {};
  const type = typeof obj['type'] === 'string' ? obj['type'] : '';
  const keys = [...new Set([...Object.keys(data), ...Object.keys(stringData)])].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return tabbedString((w) => {
    printObjectHeader(w, obj);
    w.write(0, `\nType:\t${type}\n`);
    w.write(0, '\nData\n====\n');
    for (const k of keys) {
      const raw = data[k];
      if (k === 'token' && type === 'kubernetes.io/service-account-token') {
        w.write(0, `${k}:\t${raw !== undefined ? decodeBase64(raw) : stringData[k] ?? ''}\n`);
      } else {
        w.write(0, `${k}:\t${raw !== undefined ? base64Length(raw) : utf8Length(stringData[k] ?? '')} bytes\n`);
      }
    }
  });
};

interface PolicyRule {
  verbs: string[];
  apiGroups: string[];
  resources: string[];
  resourceNames: string[];
  nonResourceURLs: string[];
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.map((v) => (typeof v === 'string' ? v : String(v))) : [];
}

/** rbac.BreakdownRule: one rule per group × resource × verb (× resource name), then URLs × verbs. */
function breakdownRule(raw: Record<string, unknown>): PolicyRule[] {
  const verbs = strings(raw['verbs']);
  const names = strings(raw['resourceNames']);
  const out: PolicyRule[] = [];
  for (const group of strings(raw['apiGroups'])) {
    for (const resource of strings(raw['resources'])) {
      for (const verb of verbs) {
        if (names.length > 0) {
          for (const name of names) out.push({ verbs: [verb], apiGroups: [group], resources: [resource], resourceNames: [name], nonResourceURLs: [] });
        } else {
          out.push({ verbs: [verb], apiGroups: [group], resources: [resource], resourceNames: [], nonResourceURLs: [] });
        }
      }
    }
  }
  for (const url of strings(raw['nonResourceURLs'])) {
    for (const verb of verbs) out.push({ verbs: [verb], apiGroups: [], resources: [], resourceNames: [], nonResourceURLs: [url] });
  }
  return out;
}

/** rbac.CompactRules: simple single-resource rules that differ only by verb are merged. */
function compactRules(rules: PolicyRule[]): PolicyRule[] {
  const compacted: PolicyRule[] = [];
  const simple = new Map<string, PolicyRule>();
  for (const rule of rules) {
    const isSimple = rule.resourceNames.length <= 1 && rule.nonResourceURLs.length === 0 && rule.apiGroups.length === 1 && rule.resources.length === 1;
    if (!isSimple) {
      compacted.push(rule);
      continue;
    }
    const key = JSON.stringify([rule.apiGroups[0], rule.resources[0], rule.resourceNames.length > 0, rule.resourceNames[0] ?? '']);
    const existing = simple.get(key);
    if (!existing) simple.set(key, { ...rule, verbs: [...rule.verbs] });
    else for (const verb of rule.verbs) if (!existing.verbs.includes(verb)) existing.verbs.push(verb);
  }
  return [...compacted, ...simple.values()];
}

/** PolicyRule.String(), the key SortableRuleSlice sorts by. */
function ruleString(r: PolicyRule): string {
  return `&PolicyRule{Verbs:${goSlice(r.verbs)},APIGroups:${goSlice(r.apiGroups)},Resources:${goSlice(r.resources)},ResourceNames:${goSlice(r.resourceNames)},NonResourceURLs:${goSlice(r.nonResourceURLs)},}`;
}

/** CombineResourceGroup: `resource.group/subresource`. */
function combineResourceGroup(resources: string[], groups: string[]): string {
  const first = resources[0];
  if (first === undefined) return '';
  const slash = first.indexOf('/');
  let combined = slash >= 0 ? first.slice(0, slash) : first;
  if (groups[0]) combined += `.${groups[0]}`;
  if (slash >= 0) combined += `/${first.slice(slash + 1)}`;
  return combined;
}

/** RoleDescriber / ClusterRoleDescriber: the rules broken down, compacted and sorted. */
export const describeRole: AppsDescriber = (_ctx, obj) => {
  const rules = ((obj['rules'] as Record<string, unknown>[] | undefined) ?? []).flatMap(breakdownRule);
  const compact = compactRules(rules)
    .map((r) => ({ r, key: ruleString(r) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map((x) => x.r);
  return tabbedString((w) => {
    w.write(0, `Name:\t${obj.metadata.name}\n`);
    printLabelsMultiline(w, 'Labels', obj.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', obj.metadata.annotations);
    w.write(0, 'PolicyRule:\n');
    w.write(1, 'Resources\tNon-Resource URLs\tResource Names\tVerbs\n');
    w.write(1, '---------\t-----------------\t--------------\t-----\n');
    for (const r of compact) {
      w.write(1, `${combineResourceGroup(r.resources, r.apiGroups)}\t${goSlice(r.nonResourceURLs)}\t${goSlice(r.resourceNames)}\t${goSlice(r.verbs)}\n`);
    }
  });
};

/** RoleBindingDescriber / ClusterRoleBindingDescriber. */
export const describeBinding: AppsDescriber = (_ctx, obj) => {
  const ref = (obj['roleRef'] as { kind?: string; name?: string } | undefined) ?? {};
  const subjects = (obj['subjects'] as { kind?: string; name?: string; namespace?: string }[] | undefined) ?? [];
  return tabbedString((w) => {
    w.write(0, `Name:\t${obj.metadata.name}\n`);
    printLabelsMultiline(w, 'Labels', obj.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', obj.metadata.annotations);
    w.write(0, 'Role:\n');
    w.write(1, `Kind:\t${ref.kind ?? ''}\n`);
    w.write(1, `Name:\t${ref.name ?? ''}\n`);
    w.write(0, 'Subjects:\n');
    w.write(1, 'Kind\tName\tNamespace\n');
    w.write(1, '----\t----\t---------\n');
    for (const s of subjects) w.write(1, `${s.kind ?? ''}\t${s.name ?? ''}\t${s.namespace ?? ''}\n`);
  });
};

function byteOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** ConfigMapDescriber: each data value under its key, binary data as sizes, then events. */
export const describeConfigMap: AppsDescriber = (ctx, obj, settings) => {
  const data = (obj['data'] as Record<string, string> | undefined) ?? {};
  const binary = (obj['binaryData'] as Record<string, string> | undefined) ?? {};
  const events = objectEvents(ctx, obj, settings.showEvents);
  return tabbedString((w) => {
    printObjectHeader(w, obj);
    w.write(0, '\nData\n====\n');
    for (const k of Object.keys(data).sort(byteOrder)) {
      w.write(0, `${k}:\n----\n`);
      w.write(0, `${data[k] ?? ''}\n`);
      w.write(0, '\n');
    }
    w.write(0, '\nBinaryData\n====\n');
    for (const k of Object.keys(binary).sort(byteOrder)) w.write(0, `${k}: ${base64Length(binary[k] ?? '')} bytes\n`);
    w.write(0, '\n');
    writeEvents(ctx, w, events);
  });
};

/**
 * describeNamespace: status and conditions, then the quota and limit-range sections a real cluster
 * shows (the playground has neither kind, so both read as none).
 */
export const describeNamespace: AppsDescriber = (_ctx, obj) => {
  const status = (obj['status'] as { phase?: string; conditions?: { type: string; status: string; lastTransitionTime?: string; reason?: string; message?: string }[] } | undefined) ?? {};
  return tabbedString((w) => {
    w.write(0, `Name:\t${obj.metadata.name}\n`);
    printLabelsMultiline(w, 'Labels', obj.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', obj.metadata.annotations);
    w.write(0, `Status:\t${status.phase ?? ''}\n`);
    const conditions = status.conditions ?? [];
    if (conditions.length > 0) {
      w.write(0, 'Conditions:\n');
      w.write(1, 'Type\tStatus\tLastTransitionTime\tReason\tMessage\n');
      w.write(1, '----\t------\t------------------\t------\t-------\n');
      for (const c of conditions) w.write(1, `${c.type}\t${c.status}\t${rfc1123z(c.lastTransitionTime)}\t${c.reason ?? ''}\t${c.message ?? ''}\n`);
    }
    w.write(0, '\n');
    w.write(0, 'No resource quota.\n');
    w.write(0, '\n');
    w.write(0, 'No LimitRange resource.\n');
  });
};
