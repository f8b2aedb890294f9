/**
 * Pieces shared by kubectl's describers (kubectl/pkg/describe/describe.go): labels, annotations,
 * tolerations, events, containers, volumes and the pod template. Pure functions over stored objects.
 */
import type { Container, K8sObject, LabelSelector, Pod, PodTemplateSpec, Toleration, Volume } from '../model/types.ts';
import { fromRfc3339 } from '../sim/time.ts';
import { PrefixWriter } from './describe-writer.ts';
import { humanDuration } from './printers.ts';
import type { KubectlContext } from './types.ts';

export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
const MAX_ANNOTATION_LEN = 140;

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** time.RFC1123Z in UTC (`Mon, 02 Jan 2006 15:04:05 +0000`); a zero time prints Go's zero date. */
export function rfc1123z(stamp: string | undefined | null): string {
  const ms = fromRfc3339(stamp ?? undefined);
  if (!Number.isFinite(ms)) return 'Mon, 01 Jan 0001 00:00:00 +0000';
  const d = new Date(Date.parse(stamp as string));
  return `${DAYS[d.getUTCDay()]}, ${pad2(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())} +0000`;
}

/** translateTimestampSince: HumanDuration(now − t), `<unknown>` for a zero time. */
export function since(now: number, stamp: string | undefined | null): string {
  const t = fromRfc3339(stamp ?? undefined);
  if (!Number.isFinite(t)) return '<unknown>';
  return humanDuration(now - t);
}

function sortedKeys(map: Record<string, string> | undefined, skip: readonly string[] = []): string[] {
  return Object.keys(map ?? {})
    .filter((k) => !skip.includes(k))
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** printLabelsMultilineWithIndent. */
export function printLabelsMultiline(w: PrefixWriter, title: string, labels: Record<string, string> | undefined, initialIndent = '', innerIndent = '\t'): void {
  w.write(0, `${initialIndent}${title}:${innerIndent}`);
  const keys = sortedKeys(labels);
  if (keys.length === 0) {
    w.writeLine('<none>');
    return;
  }
  keys.forEach((key, i) => {
    if (i !== 0) {
      w.write(0, initialIndent);
      w.write(0, innerIndent);
    }
    w.write(0, `${key}=${labels?.[key] ?? ''}\n`);
  });
}

/** The Name, Namespace, Labels and Annotations lines that many describers open with. */
export function printObjectHeader(w: PrefixWriter, obj: K8sObject): void {
  w.write(0, `Name:\t${obj.metadata.name}\n`);
  w.write(0, `Namespace:\t${obj.metadata.namespace ?? ''}\n`);
  printLabelsMultiline(w, 'Labels', obj.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', obj.metadata.annotations);
}

/** printAnnotationsMultiline: last-applied-configuration hidden, long values folded and shortened. */
export function printAnnotationsMultiline(w: PrefixWriter, title: string, annotations: Record<string, string> | undefined): void {
  w.write(0, `${title}:\t`);
  const keys = sortedKeys(annotations, [LAST_APPLIED]);
  if (keys.length === 0) {
    w.writeLine('<none>');
    return;
  }
  const indent = '\t';
  keys.forEach((key, i) => {
    if (i !== 0) w.write(0, indent);
    const raw = annotations?.[key] ?? '';
    const value = raw.endsWith('\n') ? raw.slice(0, -1) : raw;
    if (value.length + key.length + 2 > MAX_ANNOTATION_LEN || value.includes('\n')) {
      w.write(0, `${key}:\n`);
      for (const s of value.split('\n')) w.write(0, `${indent}  ${shorten(s, MAX_ANNOTATION_LEN - 2)}\n`);
    } else {
      w.write(0, `${key}: ${value}\n`);
    }
  });
}

function shorten(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max)}...` : s;
}

/** printTolerationsMultilineWithIndent. */
export function printTolerationsMultiline(w: PrefixWriter, title: string, tolerations: Toleration[] | undefined, initialIndent = ''): void {
  const innerIndent = '\t';
  w.write(0, `${initialIndent}${title}:${innerIndent}`);
  const list = [...(tolerations ?? [])].sort((a, b) => ((a.key ?? '') < (b.key ?? '') ? -1 : (a.key ?? '') > (b.key ?? '') ? 1 : 0));
  if (list.length === 0) {
    w.writeLine('<none>');
    return;
  }
  list.forEach((t, i) => {
    if (i !== 0) {
      w.write(0, initialIndent);
      w.write(0, innerIndent);
    }
    let text = t.key ?? '';
    if (t.value) text += `=${t.value}`;
    if (t.effect) text += `:${t.effect}`;
    if (t.operator === 'Exists' && !t.value) text += t.key || t.effect ? ' op=Exists' : 'op=Exists';
    if (t.tolerationSeconds !== undefined && t.tolerationSeconds !== null) text += ` for ${t.tolerationSeconds}s`;
    w.write(0, `${text}\n`);
  });
}

/** labels.Selector.String() of a LabelSelector: requirements sorted by key. */
export function formatLabelSelector(selector: LabelSelector | undefined | null): string {
  if (!selector) return '<none>';
  const reqs: { key: string; text: string }[] = [];
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) reqs.push({ key, text: `${key}=${value}` });
  for (const e of selector.matchExpressions ?? []) {
    const values = [...(e.values ?? [])].sort();
    if (e.operator === 'In') reqs.push({ key: e.key, text: `${e.key} in (${values.join(',')})` });
    else if (e.operator === 'NotIn') reqs.push({ key: e.key, text: `${e.key} notin (${values.join(',')})` });
    else if (e.operator === 'Exists') reqs.push({ key: e.key, text: e.key });
    else reqs.push({ key: e.key, text: `!${e.key}` });
  }
  reqs.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return reqs.map((r) => r.text).join(',');
}

/** labels.FormatLabels: `k=v,…` sorted, `<none>` when empty. */
export function formatLabels(map: Record<string, string> | undefined): string {
  const keys = sortedKeys(map);
  return keys.length === 0 ? '<none>' : keys.map((k) => `${k}=${map?.[k] ?? ''}`).join(',');
}

/** Go's %v of a []string: `[a b]`. */
export function goSlice(values: readonly string[] | undefined): string {
  return `[${(values ?? []).join(' ')}]`;
}

/** storageutil.GetAccessModesAsString. */
export function accessModesString(modes: readonly string[] | undefined): string {
  const have = new Set(modes ?? []);
  const out: string[] = [];
  if (have.has('ReadWriteOnce')) out.push('RWO');
  if (have.has('ReadOnlyMany')) out.push('ROX');
  if (have.has('ReadWriteMany')) out.push('RWX');
  if (have.has('ReadWriteOncePod')) out.push('RWOP');
  return out.join(',');
}

// ---------------------------------------------------------------------------------------------
// Events

interface EventLike {
  type?: string;
  reason?: string;
  message?: string;
  count?: number;
  firstTimestamp?: string;
  lastTimestamp?: string;
  eventTime?: string | null;
  source?: { component?: string };
  reportingController?: string;
  reportingComponent?: string;
  series?: { count?: number; lastObservedTime?: string } | null;
  involvedObject?: { kind?: string; name?: string; namespace?: string; uid?: string; fieldPath?: string };
  metadata: { name: string };
}

/** searchEvents' field selector: involvedObject name/namespace, and kind/uid when the reference has them. */
export function eventsFor(events: readonly K8sObject[], ref: { name: string; namespace: string; kind?: string; uids: string[] }): K8sObject[] {
  return events.filter((raw) => {
    const io = (raw as unknown as EventLike).involvedObject ?? {};
    if ((io.name ?? '') !== ref.name) return false;
    if ((io.namespace ?? '') !== ref.namespace) return false;
    if (ref.kind !== undefined && (io.kind ?? '') !== ref.kind) return false;
    return ref.uids.includes(io.uid ?? '');
  });
}

/**
 * searchEvents for a describer when `--show-events` is on (undefined when off): the events whose
 * reference names this object, with its kind and uid unless told otherwise (describePod searches
 * without the kind; describeNode adds the node's name, which the kubelet's events carry as uid).
 */
export function objectEvents(
  ctx: KubectlContext,
  obj: K8sObject,
  show: boolean,
  opts: { withKind?: boolean; extraUids?: string[] } = {}
): K8sObject[] | undefined {
  if (!show) return undefined;
  const ref: { name: string; namespace: string; kind?: string; uids: string[] } = {
    name: obj.metadata.name,
    namespace: obj.metadata.namespace ?? '',
    uids: [obj.metadata.uid ?? '', ...(opts.extraUids ?? [])],
  };
  if (opts.withKind !== false) ref.kind = obj.kind;
  return eventsFor(ctx.api.list('Event'), ref);
}

/** The Events table of a describer, when its events were searched (see objectEvents). */
export function writeEvents(ctx: KubectlContext, w: PrefixWriter, events: readonly K8sObject[] | undefined): void {
  if (events) describeEvents(w, events, ctx.cluster.now());
}

/** SortableEvents' key: the last timestamp (a missing one sorts first). */
function eventOrder(e: EventLike): number {
  const t = fromRfc3339(e.lastTimestamp);
  return Number.isFinite(t) ? t : -Infinity;
}

/** DescribeEvents: `Events:  <none>`, or the Type/Reason/Age/From/Message table sorted by last timestamp. */
export function describeEvents(w: PrefixWriter, events: readonly K8sObject[], now: number): void {
  if (events.length === 0) {
    w.write(0, 'Events:\t<none>\n');
    return;
  }
  w.flush();
  const list = [...events].map((e) => e as unknown as EventLike);
  list.sort((a, b) => {
    const d = eventOrder(a) - eventOrder(b);
    if (d !== 0) return d;
    return a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0;
  });
  w.write(0, 'Events:\n  Type\tReason\tAge\tFrom\tMessage\n');
  w.write(1, '----\t------\t----\t----\t-------\n');
  for (const e of list) {
    const first = e.eventTime ? since(now, e.eventTime) : since(now, e.firstTimestamp);
    let interval = first;
    if (e.series) interval = `${since(now, e.series.lastObservedTime)} (x${e.series.count ?? 0} over ${first})`;
    else if ((e.count ?? 0) > 1) interval = `${since(now, e.lastTimestamp)} (x${e.count ?? 0} over ${first})`;
    const source = e.source?.component || e.reportingController || '';
    let message = (e.message ?? '').trim();
    if (e.involvedObject?.fieldPath) message = `${e.involvedObject.fieldPath}: ${message}`;
    w.write(1, `${e.type ?? ''}\t${e.reason ?? ''}\t${interval}\t${source}\t${message}\n`);
  }
}

// ---------------------------------------------------------------------------------------------
// Containers, volumes, pod template

interface ContainerStatusLike {
  name: string;
  containerID?: string;
  imageID?: string;
  ready?: boolean;
  restartCount?: number;
  state?: StateLike;
  lastState?: StateLike;
}

interface StateLike {
  running?: { startedAt?: string };
  waiting?: { reason?: string; message?: string };
  terminated?: { exitCode?: number; signal?: number; reason?: string; message?: string; startedAt?: string; finishedAt?: string };
}

type PortLike = { name?: string; containerPort?: number; hostPort?: number; protocol?: string };

function containerPorts(ports: PortLike[] | undefined, host: boolean): string {
  return (ports ?? [])
    .map((p) => {
      const s = `${host ? p.hostPort ?? 0 : p.containerPort ?? 0}/${p.protocol ?? ''}`;
      return p.name ? `${s} (${p.name})` : s;
    })
    .join(', ');
}

function orNone(s: string): string {
  return s.length > 0 ? s : '<none>';
}

/** DescribeProbe. */
/** DescribeProbe (kubectl v1.36 prints `#success=`/`#failure=`; v1.37 spells the thresholds out). */
function describeProbe(probe: Record<string, unknown>): string {
  const n = (k: string): number => (typeof probe[k] === 'number' ? (probe[k] as number) : 0);
  const attrs = `delay=${n('initialDelaySeconds')}s timeout=${n('timeoutSeconds')}s period=${n('periodSeconds')}s #success=${n('successThreshold')} #failure=${n('failureThreshold')}`;
  const exec = probe['exec'] as { command?: string[] } | undefined;
  const http = probe['httpGet'] as { scheme?: string; host?: string; port?: number | string; path?: string } | undefined;
  const tcp = probe['tcpSocket'] as { host?: string; port?: number | string } | undefined;
  const grpc = probe['grpc'] as { port?: number; service?: string } | undefined;
  if (exec) return `exec ${goSlice(exec.command)} ${attrs}`;
  if (http) {
    const port = http.port === undefined ? '' : String(http.port);
    const host = port ? `${(http.host ?? '').includes(':') ? `[${http.host ?? ''}]` : http.host ?? ''}:${port}` : http.host ?? '';
    let path = http.path ?? '';
    if (path && !path.startsWith('/') && host) path = `/${path}`;
    const scheme = (http.scheme ?? '').toLowerCase();
    return `http-get ${scheme ? `${scheme}:` : ''}${host || scheme ? '//' : ''}${host}${path} ${attrs}`;
  }
  if (tcp) return `tcp-socket ${tcp.host ?? ''}:${tcp.port === undefined ? '' : String(tcp.port)} ${attrs}`;
  if (grpc) return `grpc <pod>:${grpc.port ?? 0} ${grpc.service ?? ''} ${attrs}`;
  return `unknown ${attrs}`;
}

function describeStatus(w: PrefixWriter, stateName: string, state: StateLike | undefined): void {
  if (state?.running) {
    w.write(2, `${stateName}:\tRunning\n`);
    w.write(3, `Started:\t${rfc1123z(state.running.startedAt)}\n`);
  } else if (state?.waiting) {
    w.write(2, `${stateName}:\tWaiting\n`);
    if (state.waiting.reason) w.write(3, `Reason:\t${state.waiting.reason}\n`);
  } else if (state?.terminated) {
    const t = state.terminated;
    w.write(2, `${stateName}:\tTerminated\n`);
    if (t.reason) w.write(3, `Reason:\t${t.reason}\n`);
    if (t.message) w.write(3, `Message:\t${t.message}\n`);
    w.write(3, `Exit Code:\t${t.exitCode ?? 0}\n`);
    if ((t.signal ?? 0) > 0) w.write(3, `Signal:\t${t.signal ?? 0}\n`);
    w.write(3, `Started:\t${rfc1123z(t.startedAt)}\n`);
    w.write(3, `Finished:\t${rfc1123z(t.finishedAt)}\n`);
  } else {
    w.write(2, `${stateName}:\tWaiting\n`);
  }
}

function describeResources(w: PrefixWriter, resources: { limits?: Record<string, string>; requests?: Record<string, string> } | undefined, level: number): void {
  if (!resources) return;
  const limits = sortedKeys(resources.limits);
  if (limits.length > 0) w.write(level, 'Limits:\n');
  for (const name of limits) w.write(level + 1, `${name}:\t${resources.limits?.[name] ?? ''}\n`);
  const requests = sortedKeys(resources.requests);
  if (requests.length > 0) w.write(level, 'Requests:\n');
  for (const name of requests) w.write(level + 1, `${name}:\t${resources.requests?.[name] ?? ''}\n`);
}

type EnvVar = {
  name: string;
  value?: string;
  valueFrom?: {
    fieldRef?: { apiVersion?: string; fieldPath: string };
    resourceFieldRef?: { resource: string };
    secretKeyRef?: { name?: string; key: string; optional?: boolean };
    configMapKeyRef?: { name?: string; key: string; optional?: boolean };
  };
};

/** The downward-API field values describe resolves for a pod's env (EnvValueRetriever). */
function fieldValue(pod: Pod | undefined, path: string): string {
  if (!pod) return '';
  const labelMatch = /^metadata\.(labels|annotations)\['(.*)'\]$/.exec(path);
  if (labelMatch) {
    const map = labelMatch[1] === 'labels' ? pod.metadata.labels : pod.metadata.annotations;
    return map?.[labelMatch[2] ?? ''] ?? '';
  }
  switch (path) {
    case 'metadata.name':
      return pod.metadata.name;
    case 'metadata.namespace':
      return pod.metadata.namespace ?? '';
    case 'metadata.uid':
      return pod.metadata.uid ?? '';
    case 'spec.nodeName':
      return pod.spec.nodeName ?? '';
    case 'spec.serviceAccountName':
      return String(pod.spec['serviceAccountName'] ?? '');
    case 'status.podIP':
      return pod.status?.podIP ?? '';
    case 'status.hostIP':
      return pod.status?.hostIP ?? '';
    default:
      return '';
  }
}

function describeEnv(w: PrefixWriter, container: Container, pod: Pod | undefined): void {
  const envFrom = (container['envFrom'] as { prefix?: string; configMapRef?: { name?: string; optional?: boolean }; secretRef?: { name?: string; optional?: boolean } }[] | undefined) ?? [];
  if (envFrom.length > 0) {
    w.write(2, 'Environment Variables from:\n');
    for (const e of envFrom) {
      const from = e.configMapRef ? 'ConfigMap' : e.secretRef ? 'Secret' : '';
      const ref = e.configMapRef ?? e.secretRef;
      const optional = ref?.optional === true;
      if (!e.prefix) w.write(3, `${ref?.name ?? ''}\t${from}\tOptional: ${optional}\n`);
      else w.write(3, `${ref?.name ?? ''}\t${from} with prefix '${e.prefix}'\tOptional: ${optional}\n`);
    }
  }
  const env = (container['env'] as EnvVar[] | undefined) ?? [];
  w.write(2, `Environment:${env.length === 0 ? '\t<none>' : ''}\n`);
  for (const e of env) {
    if (!e.valueFrom) {
      (e.value ?? '').split('\n').forEach((s, i) => w.write(3, i === 0 ? `${e.name}:\t${s}\n` : `\t${s}\n`));
      continue;
    }
    const v = e.valueFrom;
    if (v.fieldRef) w.write(3, `${e.name}:\t${fieldValue(pod, v.fieldRef.fieldPath)} (${v.fieldRef.apiVersion ?? 'v1'}:${v.fieldRef.fieldPath})\n`);
    else if (v.resourceFieldRef) w.write(3, `${e.name}:\t (${v.resourceFieldRef.resource})\n`);
    else if (v.secretKeyRef) w.write(3, `${e.name}:\t<set to the key '${v.secretKeyRef.key}' in secret '${v.secretKeyRef.name ?? ''}'>\tOptional: ${v.secretKeyRef.optional === true}\n`);
    else if (v.configMapKeyRef) w.write(3, `${e.name}:\t<set to the key '${v.configMapKeyRef.key}' of config map '${v.configMapKeyRef.name ?? ''}'>\tOptional: ${v.configMapKeyRef.optional === true}\n`);
  }
}

function describeMounts(w: PrefixWriter, container: Container): void {
  const mounts = [...(container.volumeMounts ?? [])] as { name: string; mountPath: string; readOnly?: boolean; subPath?: string }[];
  const none = mounts.length === 0 ? '\t<none>' : '';
  w.write(2, `Mounts:${none}\n`);
  mounts.sort((a, b) => (a.mountPath < b.mountPath ? -1 : a.mountPath > b.mountPath ? 1 : 0));
  for (const m of mounts) {
    const flags = [m.readOnly ? 'ro' : 'rw'];
    if (m.subPath) flags.push(`path=${JSON.stringify(m.subPath)}`);
    w.write(3, `${m.mountPath} from ${m.name} (${flags.join(',')})\n`);
  }
  const devices = [...((container['volumeDevices'] as { name: string; devicePath: string }[] | undefined) ?? [])];
  if (devices.length > 0) {
    w.write(2, `Devices:${none}\n`);
    devices.sort((a, b) => (a.devicePath < b.devicePath ? -1 : a.devicePath > b.devicePath ? 1 : 0));
    for (const d of devices) w.write(3, `${d.devicePath} from ${d.name}\n`);
  }
}

/** describeContainers: `space` is '' for pods and '  ' for pod templates. */
export function describeContainers(
  w: PrefixWriter,
  label: string,
  containers: Container[] | undefined,
  statuses: ContainerStatusLike[] | undefined,
  space: string,
  pod?: Pod
): void {
  const list = containers ?? [];
  w.write(0, `${space}${label}:${list.length === 0 ? ' <none>' : ''}\n`);
  const byName = new Map((statuses ?? []).map((s) => [s.name, s]));
  for (const c of list) {
    const status = statuses ? byName.get(c.name) : undefined;
    w.write(1, `${space ? ' ' : ''}${c.name}:\n`);
    if (status) w.write(2, `Container ID:\t${status.containerID ?? ''}\n`);
    w.write(2, `Image:\t${c.image ?? ''}\n`);
    if (status) w.write(2, `Image ID:\t${status.imageID ?? ''}\n`);
    const ports = containerPorts(c.ports as PortLike[] | undefined, false);
    if (ports.includes(',')) w.write(2, `Ports:\t${ports}\n`);
    else w.write(2, `Port:\t${orNone(ports)}\n`);
    const hostPorts = containerPorts(c.ports as PortLike[] | undefined, true);
    if (hostPorts.includes(',')) w.write(2, `Host Ports:\t${hostPorts}\n`);
    else w.write(2, `Host Port:\t${orNone(hostPorts)}\n`);
    const seccomp = (c['securityContext'] as { seccompProfile?: { type?: string; localhostProfile?: string } } | undefined)?.seccompProfile;
    if (seccomp) {
      w.write(2, `SeccompProfile:\t${seccomp.type ?? ''}\n`);
      if (seccomp.type === 'Localhost') w.write(3, `LocalhostProfile:\t${seccomp.localhostProfile ?? ''}\n`);
    }
    const command = (c['command'] as string[] | undefined) ?? [];
    if (command.length > 0) {
      w.write(2, 'Command:\n');
      for (const part of command) for (const s of part.split('\n')) w.write(3, `${s}\n`);
    }
    const args = (c['args'] as string[] | undefined) ?? [];
    if (args.length > 0) {
      w.write(2, 'Args:\n');
      for (const part of args) for (const s of part.split('\n')) w.write(3, `${s}\n`);
    }
    if (status) {
      describeStatus(w, 'State', status.state);
      if (status.lastState?.terminated) describeStatus(w, 'Last State', status.lastState);
      w.write(2, `Ready:\t${status.ready ? 'True' : 'False'}\n`);
      w.write(2, `Restart Count:\t${status.restartCount ?? 0}\n`);
    }
    describeResources(w, c['resources'] as { limits?: Record<string, string>; requests?: Record<string, string> } | undefined, 2);
    if (c.livenessProbe) w.write(2, `Liveness:\t${describeProbe(c.livenessProbe)}\n`);
    if (c.readinessProbe) w.write(2, `Readiness:\t${describeProbe(c.readinessProbe)}\n`);
    const startup = c['startupProbe'] as Record<string, unknown> | undefined;
    if (startup) w.write(2, `Startup:\t${describeProbe(startup)}\n`);
    describeEnv(w, c, pod);
    describeMounts(w, c);
  }
}

/** describe.NestedPrefixWriter: every write is `indent` levels deeper (WriteLine is not). */
class NestedPrefixWriter extends PrefixWriter {
  private readonly indent: number;

  constructor(parent: PrefixWriter, indent: number) {
    super(parent.sink);
    this.indent = indent;
  }

  override write(level: number, text: string): void {
    super.write(level + this.indent, text);
  }
}

interface EphemeralSource {
  volumeClaimTemplate?: {
    metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
    spec?: {
      storageClassName?: string | null;
      volumeName?: string;
      volumeMode?: string;
      dataSource?: { apiGroup?: string; kind?: string; name?: string };
    };
  };
}

/** printEphemeralVolumeSource: the claim template as printPersistentVolumeClaim(isFullPVC=false) shows it. */
function printEphemeralVolumeSource(w: PrefixWriter, ephemeral: EphemeralSource): void {
  w.write(2, 'Type:\tEphemeralVolume (an inline specification for a volume that gets created and deleted with the pod)\n');
  const template = ephemeral.volumeClaimTemplate;
  if (!template) return;
  const n = new NestedPrefixWriter(w, 2);
  const meta = template.metadata ?? {};
  const spec = template.spec ?? {};
  const cls = meta.annotations?.['volume.beta.kubernetes.io/storage-class'] ?? spec.storageClassName ?? '';
  n.write(0, `StorageClass:\t${cls}\n`);
  n.write(0, `Volume:\t${spec.volumeName ?? ''}\n`);
  printLabelsMultiline(n, 'Labels', meta.labels);
  printAnnotationsMultiline(n, 'Annotations', meta.annotations);
  // Not a full claim: no status, so access modes print empty and a named volume's capacity is 0.
  n.write(0, `Capacity:\t${spec.volumeName ? '0' : ''}\n`);
  n.write(0, 'Access Modes:\t\n');
  if (spec.volumeMode) n.write(0, `VolumeMode:\t${spec.volumeMode}\n`);
  if (spec.dataSource) {
    n.write(0, 'DataSource:\n');
    if (spec.dataSource.apiGroup !== undefined) n.write(1, `APIGroup:\t${spec.dataSource.apiGroup}\n`);
    n.write(1, `Kind:\t${spec.dataSource.kind ?? ''}\n`);
    n.write(1, `Name:\t${spec.dataSource.name ?? ''}\n`);
  }
}

/** printCSIPersistentVolumeAttributesMultiline: sorted key=value lines, cut at 140 characters. */
function printCSIAttributesMultiline(w: PrefixWriter, title: string, attributes: Record<string, string> | undefined): void {
  w.write(2, `${title}:\t`);
  const keys = Object.keys(attributes ?? {}).sort();
  if (keys.length === 0) {
    w.writeLine('<none>');
    return;
  }
  keys.forEach((key, i) => {
    if (i !== 0) {
      w.write(2, '');
      w.write(2, '\t');
    }
    const line = `${key}=${attributes?.[key] ?? ''}`;
    w.write(2, line.length > 140 ? `${line.slice(0, 140)}...\n` : `${line}\n`);
  });
}

/** describeVolumes: the volume-source specific lines kubectl prints. */
export function describeVolumes(w: PrefixWriter, volumes: Volume[] | undefined, space: string): void {
  const list = volumes ?? [];
  if (list.length === 0) {
    w.write(0, `${space}Volumes:\t<none>\n`);
    return;
  }
  w.write(0, `${space}Volumes:\n`);
  for (const v of list) {
    w.write(1, `${space ? ' ' : ''}${v.name}:\n`);
    const src = v as Record<string, unknown>;
    if (src['hostPath']) {
      const hp = src['hostPath'] as { path?: string; type?: string };
      w.write(2, `Type:\tHostPath (bare host directory volume)\n    Path:\t${hp.path ?? ''}\n    HostPathType:\t${hp.type === undefined ? '<none>' : hp.type}\n`);
    } else if (src['emptyDir']) {
      const ed = src['emptyDir'] as { medium?: string; sizeLimit?: string };
      w.write(2, `Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n    Medium:\t${ed.medium ?? ''}\n    SizeLimit:\t${ed.sizeLimit && ed.sizeLimit !== '0' ? ed.sizeLimit : '<unset>'}\n`);
    } else if (src['secret']) {
      const s = src['secret'] as { secretName?: string; optional?: boolean };
      w.write(2, `Type:\tSecret (a volume populated by a Secret)\n    SecretName:\t${s.secretName ?? ''}\n    Optional:\t${s.optional === true}\n`);
    } else if (src['configMap']) {
      const s = src['configMap'] as { name?: string; optional?: boolean };
      w.write(2, `Type:\tConfigMap (a volume populated by a ConfigMap)\n    Name:\t${s.name ?? ''}\n    Optional:\t${s.optional === true}\n`);
    } else if (src['nfs']) {
      // printNFSVolumeSource
      const nfs = src['nfs'] as { server?: string; path?: string; readOnly?: boolean };
      w.write(2, `Type:\tNFS (an NFS mount that lasts the lifetime of a pod)\n    Server:\t${nfs.server ?? ''}\n    Path:\t${nfs.path ?? ''}\n    ReadOnly:\t${nfs.readOnly === true}\n`);
    } else if (src['gitRepo']) {
      const git = src['gitRepo'] as { repository?: string; revision?: string };
      w.write(2, `Type:\tGitRepo (a volume that is pulled from git when the pod is created)\n    Repository:\t${git.repository ?? ''}\n    Revision:\t${git.revision ?? ''}\n`);
    } else if (v.persistentVolumeClaim) {
      w.write(2, `Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)\n    ClaimName:\t${v.persistentVolumeClaim.claimName}\n    ReadOnly:\t${v.persistentVolumeClaim.readOnly === true}\n`);
    } else if (src['ephemeral']) {
      printEphemeralVolumeSource(w, src['ephemeral'] as EphemeralSource);
    } else if (src['downwardAPI']) {
      // printDownwardAPIVolumeSource
      w.write(2, 'Type:\tDownwardAPI (a volume populated by information about the pod)\n    Items:\n');
      const items = (src['downwardAPI'] as { items?: { path?: string; fieldRef?: { fieldPath?: string }; resourceFieldRef?: { resource?: string } }[] }).items ?? [];
      for (const item of items) {
        if (item.fieldRef) w.write(3, `${item.fieldRef.fieldPath ?? ''} -> ${item.path ?? ''}\n`);
        if (item.resourceFieldRef) w.write(3, `${item.resourceFieldRef.resource ?? ''} -> ${item.path ?? ''}\n`);
      }
    } else if (src['projected']) {
      w.write(2, 'Type:\tProjected (a volume that contains injected data from multiple sources)\n');
      const sources = ((src['projected'] as { sources?: Record<string, Record<string, unknown>>[] }).sources ?? []);
      for (const s of sources) {
        if (s['secret']) w.write(2, `SecretName:\t${String(s['secret']['name'] ?? '')}\n    Optional:\t${s['secret']['optional'] === true}\n`);
        else if (s['downwardAPI']) w.write(2, 'DownwardAPI:\ttrue\n');
        else if (s['configMap']) w.write(2, `ConfigMapName:\t${String(s['configMap']['name'] ?? '')}\n    Optional:\t${s['configMap']['optional'] === true}\n`);
        else if (s['serviceAccountToken']) w.write(2, `TokenExpirationSeconds:\t${String(s['serviceAccountToken']['expirationSeconds'] ?? 3607)}\n`);
      }
    } else if (src['csi']) {
      // printCSIVolumeSource
      const csi = src['csi'] as { driver?: string; fsType?: string; readOnly?: boolean; volumeAttributes?: Record<string, string> };
      w.write(2, `Type:\tCSI (a Container Storage Interface (CSI) volume source)\n    Driver:\t${csi.driver ?? ''}\n    FSType:\t${csi.fsType ?? ''}\n    ReadOnly:\t${csi.readOnly === true}\n`);
      printCSIAttributesMultiline(w, 'VolumeAttributes', csi.volumeAttributes);
    } else if (src['image']) {
      const image = src['image'] as { reference?: string; pullPolicy?: string };
      w.write(2, `Type:\tImage (a container image or OCI artifact)\n    Reference:\t${image.reference ?? ''}\n    PullPolicy:\t${image.pullPolicy ?? ''}\n`);
    } else {
      w.write(1, '<unknown>\n');
    }
  }
}

/** DescribePodTemplate (also rollout history --revision's printTemplate). */
export function describePodTemplate(w: PrefixWriter, template: PodTemplateSpec | undefined): void {
  w.write(0, 'Pod Template:\n');
  if (!template) {
    w.write(1, '<unset>');
    return;
  }
  printLabelsMultiline(w, '  Labels', template.metadata?.labels);
  if (Object.keys(template.metadata?.annotations ?? {}).length > 0) printAnnotationsMultiline(w, '  Annotations', template.metadata?.annotations);
  const spec = template.spec;
  const sa = spec['serviceAccountName'];
  if (typeof sa === 'string' && sa) w.write(1, `Service Account:\t${sa}\n`);
  if ((spec.initContainers ?? []).length > 0) describeContainers(w, 'Init Containers', spec.initContainers, undefined, '  ');
  describeContainers(w, 'Containers', spec.containers, undefined, '  ');
  describeVolumes(w, spec.volumes, '  ');
  describeTopologySpread(w, spec['topologySpreadConstraints'], '  ');
  const pcn = spec['priorityClassName'];
  if (typeof pcn === 'string' && pcn) w.write(1, `Priority Class Name:\t${pcn}\n`);
  printLabelsMultiline(w, '  Node-Selectors', spec.nodeSelector);
  printTolerationsMultiline(w, '  Tolerations', spec.tolerations);
}

/** describeTopologySpreadConstraints. */
export function describeTopologySpread(w: PrefixWriter, raw: unknown, space: string): void {
  const list = Array.isArray(raw) ? [...(raw as { topologyKey: string; whenUnsatisfiable?: string; maxSkew?: number; labelSelector?: LabelSelector }[])] : [];
  if (list.length === 0) return;
  list.sort((a, b) => (a.topologyKey < b.topologyKey ? -1 : a.topologyKey > b.topologyKey ? 1 : 0));
  w.write(0, `${space}Topology Spread Constraints:\t`);
  list.forEach((t, i) => {
    if (i !== 0) {
      w.write(0, space);
      w.write(0, '\t');
    }
    let text = `${t.topologyKey}:${t.whenUnsatisfiable ?? ''} when max skew ${t.maxSkew ?? 0} is exceeded`;
    if (t.labelSelector) text += ` for selector ${formatLabelSelector(t.labelSelector)}`;
    w.write(0, `${text}\n`);
  });
}
