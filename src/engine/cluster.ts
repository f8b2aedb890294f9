/**
 * The public face of the simulated cluster (engine-api.md): kubectl-like writes, reads, faults,
 * virtual time and snapshots, over the Engine.
 */
import { applyPatch, createThreeWayMergePatch, type PatchType } from './api/patch.ts';
import { mappingErrorHint } from './api/removed-versions.ts';
import { undecodable, type StatusError } from './api/server.ts';
import { containerFieldPath, crash, crashBackOffMessage, crashTarget, endPod, inCrashBackOff, setProbe } from './controllers/kubelet.ts';
import { LOCAL_PATH_PROVISIONER } from './controllers/volume.ts';
import { resolve as resolveDns, type DnsAnswer } from './controllers/dns.ts';
import { healthyNodeConditions } from './controllers/nodes.ts';
import { openWatch, runKubectl } from './kubectl/index.ts';
import { Terminal, type TerminalOptions } from './kubectl/terminal.ts';
import { formatPath, parseManifests, type ParsedDocument } from './manifest/parse.ts';
import { kindForManifest, resolveKind, type KindInfo } from './model/kinds.ts';
import type { Json, K8sObject, Pod } from './model/types.ts';
import { deepClone, jsonEqual } from './model/util.ts';
import { Engine } from './sim/engine.ts';
import { checkSnapshot, encodeNever } from './sim/snapshot.ts';
import { DEFAULT_TIMING, objectKey, type Change, type ClusterState, type FeatureGates, type PodRuntime, type Timing } from './sim/state.ts';

export interface ClusterOptions {
  seed?: number;
  nodes?: number;
  defaultStorageClass?: boolean;
  featureGates?: Partial<FeatureGates>;
  timing?: Partial<Timing>;
  /** The playground's pod cap; 1,000 by default (engine-api.md "Limits of a playground"). */
  maxPods?: number;
}

export interface Diagnostic {
  message: string;
  document?: number;
  line?: number;
  column?: number;
  path?: string;
}

export interface ApplyResult {
  ok: boolean;
  objects: { kind: string; name: string; namespace?: string; action: 'created' | 'configured' | 'unchanged' }[];
  errors: Diagnostic[];
}

export interface OpResult {
  ok: boolean;
  message: string;
}

export type Fault =
  | { type: 'readiness'; pod: string; ready: boolean; namespace?: string }
  | { type: 'crash'; pod: string; namespace?: string }
  | { type: 'evict'; pod: string; namespace?: string }
  | { type: 'complete'; pod: string; namespace?: string }
  | { type: 'node'; node: string; state: 'down' | 'up' }
  | { type: 'reject'; verb: 'create' | 'delete'; kind: string; name?: string; namespace?: string; times?: number };

export interface ClusterEvent extends K8sObject {
  type: string;
  reason: string;
  message: string;
  involvedObject: { kind: string; name: string; namespace: string };
  count: number;
  firstTimestamp: string;
  lastTimestamp: string;
  time: number;
}

export interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
export const MAX_PODS = 1000;
/**
 * The most virtual time one advance() or settle() covers: 30 days. Periodic work (resyncs, back-off
 * retries) makes a step's cost grow with the time it spans, so a call stays responsive whatever it asks.
 */
export const MAX_STEP_MS = 30 * 24 * 3600 * 1000;

/** How kubectl prints an API error. */
function kubectlError(error: StatusError): string {
  if (error.reason === 'Invalid') return error.message;
  return `Error from server (${error.reason}): ${error.message}`;
}

/** `statefulset.apps/web`: kubectl's resource/name form. */
function resourceName(info: KindInfo, name: string): string {
  return `${info.singularQualified}/${name}`;
}

export class Cluster {
  private readonly engine: Engine;

  constructor(engine: Engine) {
    this.engine = engine;
  }

  private get api() {
    return this.engine.api;
  }

  /**
   * kubectl apply -f: a YAML error anywhere applies nothing; otherwise every object is applied or
   * refused on its own (kubectl's `applyOneObject` per info), each refusal with its document and line.
   */
  apply(yaml: string, opts: { namespace?: string } = {}): ApplyResult {
    const parsed = parseManifests(typeof yaml === 'string' ? yaml : String(yaml));
    if (parsed.errors.length > 0) return { ok: false, objects: [], errors: parsed.errors.map((e) => ({ ...e })) };
    const result: ApplyResult = { ok: true, objects: [], errors: [] };
    for (const doc of parsed.documents) {
      try {
        this.applyDocument(doc, opts, result);
      } catch (error) {
        // A bug of ours must not take the paste down: the apiserver answers a panic with a 500.
        result.errors.push({ message: `Error from server (InternalError): ${internal(error)}`, document: doc.index, line: doc.line, column: 1 });
        result.ok = false;
      }
    }
    this.engine.runQueues();
    return result;
  }

  private applyDocument(doc: ParsedDocument, opts: { namespace?: string }, result: ApplyResult): void {
    const obj = doc.object as K8sObject | null;
    if (!obj) return;
    const fail = (message: string, path?: (string | number)[] | string) => {
      const d: Diagnostic = { message, document: doc.index };
      const pos = doc.positionOf(path ?? []);
      d.line = pos.line;
      d.column = pos.column;
      if (path !== undefined && path !== '' && !(Array.isArray(path) && path.length === 0)) d.path = typeof path === 'string' ? path : formatPath(path);
      result.errors.push(d);
      result.ok = false;
    };
    const missing = [typeof obj.apiVersion !== 'string' || !obj.apiVersion ? 'apiVersion not set' : '', typeof obj.kind !== 'string' || !obj.kind ? 'kind not set' : ''].filter(Boolean);
    if (missing.length > 0) {
      fail(`error validating data: [${missing.join(', ')}]`, missing[0]?.startsWith('api') ? ['apiVersion'] : ['kind']);
      return;
    }
    if (typeof obj.metadata !== 'object' || obj.metadata === null || Array.isArray(obj.metadata)) {
      fail('error validating data: metadata: Required value', ['metadata']);
      return;
    }
    const meta = obj.metadata as unknown as Record<string, unknown>;
    const name = typeof meta['name'] === 'string' ? meta['name'] : '';
    const givenNs = typeof meta['namespace'] === 'string' ? meta['namespace'] : '';
    const info = kindForManifest(obj.apiVersion, obj.kind);
    if (!info) {
      const hint = mappingErrorHint(obj.apiVersion, obj.kind);
      fail(`resource mapping not found for name: "${name}" namespace: "${givenNs}": no matches for kind "${obj.kind}" in version "${obj.apiVersion}"${hint}`, ['kind']);
      return;
    }
    if (info.namespaced) {
      if (givenNs && opts.namespace && givenNs !== opts.namespace) {
        fail(`the namespace from the provided object "${givenNs}" does not match the namespace "${opts.namespace}". You must pass '--namespace=${givenNs}' to perform this operation.`, ['metadata', 'namespace']);
        return;
      }
      if (meta['namespace'] === undefined || meta['namespace'] === null || meta['namespace'] === '') obj.metadata.namespace = opts.namespace || 'default';
    }
    if (name === '') {
      // kubectl reads the name from the object (a name that is not a string reads as ""), then GETs it.
      fail(retrievingError(info, name, info.namespaced ? givenNs || opts.namespace || 'default' : ''), ['metadata', 'name']);
      return;
    }
    if (tooLarge(obj)) {
      fail(`Error from server (RequestEntityTooLarge): ${REQUEST_TOO_LARGE}`);
      return;
    }
    // kubectl sends fieldValidation=Strict: unknown fields and wrong types are refused before anything else.
    const refused = undecodable(obj, true);
    if (refused) {
      fail(kubectlError(refused), refused.fieldErrors?.[0]?.field);
      return;
    }
    const outcome = this.applyOne(info, obj);
    if ('error' in outcome) {
      fail(kubectlError(outcome.error), outcome.error.fieldErrors?.[0]?.field);
      return;
    }
    const entry: ApplyResult['objects'][number] = { kind: info.kind, name: obj.metadata.name, action: outcome.action };
    if (info.namespaced) entry.namespace = obj.metadata.namespace ?? 'default';
    result.objects.push(entry);
  }

  private applyOne(info: KindInfo, config: K8sObject): { action: 'created' | 'configured' | 'unchanged' } | { error: StatusError } {
    const modified = deepClone(config);
    const annotations = { ...modified.metadata.annotations };
    delete annotations[LAST_APPLIED];
    const lastAppliedConfig = deepClone(modified);
    if (Object.keys(annotations).length === 0) delete lastAppliedConfig.metadata.annotations;
    else lastAppliedConfig.metadata.annotations = annotations;
    const lastAppliedText = `${JSON.stringify(lastAppliedConfig)}\n`;
    modified.metadata.annotations = { ...annotations, [LAST_APPLIED]: lastAppliedText };
    const current = this.api.get(info.kind, info.namespaced ? modified.metadata.namespace : undefined, modified.metadata.name ?? '');
    if (!current) {
      const created = this.api.create(modified);
      return created.ok ? { action: 'created' } : { error: created.error };
    }
    let lastApplied: Json | null = null;
    const previous = current.metadata.annotations?.[LAST_APPLIED];
    if (previous) {
      try {
        lastApplied = JSON.parse(previous) as Json;
      } catch {
        lastApplied = null;
      }
    }
    let patch: Json;
    try {
      patch = createThreeWayMergePatch(info.kind, lastApplied, modified as unknown as Json, current as unknown as Json);
    } catch (error) {
      // kubectl's CreateThreeWayMergePatch failing: "error: error when creating patch with: …".
      return { error: { code: 400, reason: 'BadRequest', message: `error when creating patch: ${error instanceof Error ? error.message : String(error)}` } };
    }
    if (jsonEqual(patch, {})) return { action: 'unchanged' };
    const patched = applyPatch(info.kind, current as unknown as Json, patch, 'strategic');
    if (!patched.ok) return { error: { code: 400, reason: 'BadRequest', message: patched.error } };
    const next = patched.value as unknown as K8sObject;
    next.metadata.resourceVersion = current.metadata.resourceVersion ?? '';
    const updated = this.api.update(next);
    if (!updated.ok) return { error: updated.error };
    return { action: updated.object === current ? 'unchanged' : 'configured' };
  }

  /** kubectl patch: strategic (default), merge or json. */
  patch(kind: string, name: string, patch: unknown, opts: { namespace?: string; type?: PatchType } = {}): OpResult {
    const info = resolveKind(kind);
    if (!info) return { ok: false, message: `error: the server doesn't have a resource type "${kind}"` };
    const current = this.api.get(info.kind, info.namespaced ? opts.namespace || 'default' : undefined, name);
    if (!current) return { ok: false, message: `Error from server (NotFound): ${notFoundMessage(info, name)}` };
    if (tooLarge(patch)) return { ok: false, message: `Error from server (RequestEntityTooLarge): ${REQUEST_TOO_LARGE}` };
    const patched = applyPatch(info.kind, current as unknown as Json, patch as Json | string, opts.type ?? 'strategic');
    if (!patched.ok) return { ok: false, message: `error: ${patched.error}` };
    const next = patched.value as unknown as K8sObject;
    // kubectl patch asks for strict field validation too: an unknown field refuses the patch.
    const refused = undecodable(next, true);
    if (refused) return { ok: false, message: kubectlError(refused) };
    if (jsonEqual(next, current)) return { ok: true, message: `${resourceName(info, name)} patched (no change)` };
    next.metadata = { ...next.metadata, resourceVersion: current.metadata.resourceVersion ?? '' };
    const updated = this.api.update(next);
    this.engine.runQueues();
    if (!updated.ok) return { ok: false, message: kubectlError(updated.error) };
    return { ok: true, message: updated.object === current ? `${resourceName(info, name)} patched (no change)` : `${resourceName(info, name)} patched` };
  }

  /** kubectl scale (the scale subresource: spec.replicas). */
  scale(kind: string, name: string, replicas: number, opts: { namespace?: string } = {}): OpResult {
    const info = resolveKind(kind);
    if (!info) return { ok: false, message: `error: the server doesn't have a resource type "${kind}"` };
    if (!Number.isInteger(replicas) || replicas < 0) {
      return { ok: false, message: 'error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0' };
    }
    if (!['StatefulSet', 'Deployment', 'ReplicaSet'].includes(info.kind)) return { ok: false, message: `error: no scaler has been implemented for {"${info.apiVersion.includes('/') ? info.apiVersion.split('/')[0] : ''}" "${info.kind}"}` };
    const current = this.api.get(info.kind, opts.namespace || 'default', name);
    if (!current) return { ok: false, message: `Error from server (NotFound): ${notFoundMessage(info, name)}` };
    const spec = { ...(current['spec'] as Record<string, unknown>), replicas };
    const updated = this.api.update({ ...current, spec });
    this.engine.runQueues();
    if (!updated.ok) return { ok: false, message: kubectlError(updated.error) };
    return { ok: true, message: `${resourceName(info, name)} scaled` };
  }

  /** kubectl delete, with --grace-period, --force and --cascade. */
  delete(
    kind: string,
    name: string,
    opts: { namespace?: string; gracePeriodSeconds?: number; force?: boolean; cascade?: 'background' | 'foreground' | 'orphan' } = {}
  ): OpResult {
    const info = resolveKind(kind);
    if (!info) return { ok: false, message: `error: the server doesn't have a resource type "${kind}"` };
    let grace = opts.gracePeriodSeconds;
    if (opts.force) {
      if (grace !== undefined && grace > 0) return { ok: false, message: 'error: --force and --grace-period greater than 0 cannot be specified together' };
      grace = 0;
    } else if (grace === 0) grace = 1;
    const cascade = opts.cascade ?? 'background';
    const policy = cascade === 'orphan' ? 'Orphan' : cascade === 'foreground' ? 'Foreground' : 'Background';
    const namespace = info.namespaced ? opts.namespace || 'default' : undefined;
    const deleteOpts: { gracePeriodSeconds?: number; propagationPolicy: 'Background' | 'Foreground' | 'Orphan' } = { propagationPolicy: policy };
    if (grace !== undefined) deleteOpts.gracePeriodSeconds = grace;
    const result = this.api.delete(info.kind, namespace, name, deleteOpts);
    this.engine.runQueues();
    if (!result.ok) return { ok: false, message: kubectlError(result.error) };
    const where = namespace ? ` from ${namespace} namespace` : '';
    return { ok: true, message: `${info.singularQualified} "${name}" ${opts.force ? 'force deleted' : 'deleted'}${where}` };
  }

  get(kind: string, name: string, namespace = 'default'): K8sObject | undefined {
    const info = resolveKind(kind);
    if (!info) return undefined;
    const obj = this.api.get(info.kind, info.namespaced ? namespace : undefined, name);
    return obj ? deepClone(obj) : undefined;
  }

  list(kind: string, namespace?: string): K8sObject[] {
    const info = resolveKind(kind);
    if (!info) return [];
    return this.api
      .list(info.kind, info.namespaced ? namespace : undefined)
      .slice()
      .sort((a, b) => (a.metadata.namespace ?? '').localeCompare(b.metadata.namespace ?? '') || a.metadata.name.localeCompare(b.metadata.name))
      .map((o) => deepClone(o));
  }

  /** The live Events (each expires one --event-ttl, 1 h, after its latest write), in the order first recorded. */
  events(): ClusterEvent[] {
    return this.api.eventsInOrder().map(({ event, time }) => ({ ...(deepClone(event) as ClusterEvent), time }));
  }

  /**
   * Every retained write with `time >= sinceMs`, in order. The log is compacted as the apiserver's
   * etcd compactor does (every 5 min, to what it saw 5 min before): writes before
   * `compactedBefore()` are gone.
   */
  changes(sinceMs = 0): Change[] {
    return this.api.changesSince(sinceMs).map((c) => deepClone(c));
  }

  /**
   * The virtual time the change log is compacted to: `changes(sinceMs)` holds every write with
   * `time >= max(sinceMs, compactedBefore())`, so a caller asking from earlier can tell it may miss
   * some. A restored cluster's log starts just after its snapshot's instant.
   */
  compactedBefore(): number {
    return this.api.historyStart();
  }

  resolve(name: string, opts: { type?: string; namespace?: string } = {}): DnsAnswer {
    return resolveDns(this.api, name, (opts.type ?? 'A').toUpperCase(), opts.namespace ?? 'default');
  }

  inject(fault: Fault): OpResult {
    const invalid = invalidFault(fault);
    if (invalid) return { ok: false, message: invalid };
    const engine = this.engine;
    const ctx = engine.context;
    switch (fault.type) {
      case 'node': {
        const rt = engine.state.nodes[fault.node];
        if (!rt) return { ok: false, message: `Error from server (NotFound): nodes "${fault.node}" not found` };
        if (fault.state === 'down') {
          if (!rt.up) return { ok: true, message: `node ${fault.node} is already down` };
          rt.up = false;
          rt.downSince = engine.state.now;
        } else {
          if (rt.up) return { ok: true, message: `node ${fault.node} is already up` };
          rt.up = true;
          delete rt.downSince;
        }
        engine.enqueue('nodelifecycle', fault.node);
        engine.runQueues();
        return { ok: true, message: `node ${fault.node}: kubelet ${fault.state === 'down' ? 'stopped reporting' : 'reporting again'}` };
      }
      case 'reject': {
        const info = resolveKind(fault.kind);
        if (!info) return { ok: false, message: `error: the server doesn't have a resource type "${fault.kind}"` };
        const rule: ClusterState['rejects'][number] = { verb: fault.verb, kind: info.kind, times: fault.times ?? 1 };
        if (fault.name) rule.name = fault.name;
        if (fault.namespace) rule.namespace = fault.namespace;
        engine.state.rejects.push(rule);
        return { ok: true, message: `the next ${rule.times} ${fault.verb} of ${info.resource}${fault.name ? ` "${fault.name}"` : ''} will be rejected` };
      }
      default: {
        const namespace = fault.namespace ?? 'default';
        const pod = this.api.get('Pod', namespace, fault.pod) as Pod | undefined;
        if (!pod) return { ok: false, message: `Error from server (NotFound): pods "${fault.pod}" not found` };
        const rt = this.runtimeFor(pod);
        if (!rt) return { ok: false, message: `pod ${fault.pod} is not running on a node yet` };
        let message = '';
        if (fault.type === 'readiness') {
          setProbe(ctx, rt, fault.ready);
          message = `pod ${fault.pod}: readiness probe ${fault.ready ? 'passing' : 'failing'}`;
        } else if (fault.type === 'crash') {
          if (!crash(ctx, rt)) return { ok: false, message: `pod ${fault.pod} has no running container to crash` };
          const fieldPath = containerFieldPath(pod, crashTarget(rt));
          if (inCrashBackOff(rt)) engine.api.recordEvent(pod, 'Warning', 'BackOff', crashBackOffMessage(rt), 'kubelet', rt.node, fieldPath ? { fieldPath } : {});
          message = `pod ${fault.pod}: container ${crashTarget(rt)} exited with code 1`;
        } else {
          endPod(rt, fault.type);
          message = fault.type === 'evict' ? `pod ${fault.pod} evicted` : `pod ${fault.pod} completed`;
        }
        engine.enqueue('kubelet', objectKey(namespace, fault.pod));
        engine.runQueues();
        return { ok: true, message };
      }
    }
  }

  private runtimeFor(pod: Pod): PodRuntime | undefined {
    const uid = pod.metadata.uid ?? '';
    const existing = this.engine.state.pods[uid];
    if (existing) return existing;
    if (!pod.spec.nodeName) return undefined;
    // The kubelet has not synced this pod yet: let it, so the fault applies to a live runtime.
    this.engine.enqueue('kubelet', objectKey(pod.metadata.namespace, pod.metadata.name));
    this.engine.runQueues();
    return this.engine.state.pods[uid];
  }

  /** Runs every controller, kubelet and timer up to now + ms. */
  advance(ms: number): void {
    if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) return;
    this.engine.advanceTo(this.engine.state.now + Math.min(ms, MAX_STEP_MS));
  }

  /** Advances until nothing is scheduled to change (or maxMs passed); returns the virtual ms spent. */
  settle(maxMs = 600_000): number {
    const start = this.engine.state.now;
    // Bounded whatever the argument: a crash loop keeps timers busy forever.
    const span = typeof maxMs === 'number' && !Number.isNaN(maxMs) ? Math.max(0, Math.min(maxMs, MAX_STEP_MS)) : 600_000;
    this.engine.settle(start + span);
    return this.engine.state.now - start;
  }

  now(): number {
    return this.engine.state.now;
  }

  /** The whole cluster as JSON: live objects and events, pending timers, runtime state; no write history. */
  snapshot(): ClusterState {
    const live = this.api.snapshotState();
    return deepClone({ ...live, pods: encodeNever(live.pods), ...sortedTriggers(live.endpointTriggers) });
  }

  /** Pods currently allowed (engine-api.md's playground limit). */
  get maxPods(): number {
    return this.engine.state.options.maxPods;
  }

  /**
   * `kubectl get … -w` as a console streams it: the current rows, then poll() after time advances
   * for the rows of what changed. Undefined for any other command line (use kubectl()).
   */
  kubectlWatch(commandLine: string): { initial: KubectlResult; poll(): string } | undefined {
    return openWatch(this, this.engine, commandLine);
  }

  /** A learner's terminal on this cluster: a shell around kubectl that can wait and attach (terminal.ts). */
  terminal(options: TerminalOptions = {}): Terminal {
    return new Terminal(this, this.engine, options);
  }

  /** One kubectl command line (the `kubectl` prefix optional), with kubectl's words and exit codes. */
  kubectl(commandLine: string, opts: { files?: Record<string, string>; stdin?: string } = {}): KubectlResult {
    const result = runKubectl(this, this.engine, commandLine, opts.files ?? {}, opts.stdin ?? '');
    this.engine.runQueues();
    return result;
  }
}

/** The apiserver's request body limit (apiserver.DefaultMaxRequestSizeBytes, 3 MiB), answered with a 413. */
const MAX_REQUEST_BYTES = 3 * 1024 * 1024;
const REQUEST_TOO_LARGE = `Request entity too large: limit is ${MAX_REQUEST_BYTES}`;

/** Whether the JSON body kubectl would send for `body` exceeds the limit (counted in UTF-16 units, a lower bound of its bytes). */
function tooLarge(body: unknown): boolean {
  if (typeof body === 'string') return body.length > MAX_REQUEST_BYTES;
  try {
    return (JSON.stringify(body)?.length ?? 0) > MAX_REQUEST_BYTES;
  } catch {
    return true;
  }
}

const FAULT_TYPES = new Set(['readiness', 'crash', 'evict', 'complete', 'node', 'reject']);

/** A fault the engine can carry out, or why not (engine-api.md's fault table). */
function invalidFault(fault: unknown): string | undefined {
  if (typeof fault !== 'object' || fault === null || Array.isArray(fault)) return 'error: a fault is an object with a "type"';
  const f = fault as Record<string, unknown>;
  if (typeof f['type'] !== 'string' || !FAULT_TYPES.has(f['type'])) {
    return `error: unknown fault type ${JSON.stringify(f['type'] ?? null)}: one of ${[...FAULT_TYPES].join(', ')}`;
  }
  if (f['namespace'] !== undefined && typeof f['namespace'] !== 'string') return 'error: the fault\'s "namespace" must be a string';
  if (f['type'] === 'node') {
    if (typeof f['node'] !== 'string') return 'error: a node fault names its "node"';
    if (f['state'] !== 'down' && f['state'] !== 'up') return 'error: a node fault\'s "state" is "down" or "up"';
    return undefined;
  }
  if (f['type'] === 'reject') {
    if (f['verb'] !== 'create' && f['verb'] !== 'delete') return 'error: a reject fault\'s "verb" is "create" or "delete"';
    if (typeof f['kind'] !== 'string') return 'error: a reject fault names its "kind"';
    if (f['name'] !== undefined && typeof f['name'] !== 'string') return 'error: the fault\'s "name" must be a string';
    const times = f['times'];
    if (times !== undefined && (typeof times !== 'number' || !Number.isInteger(times) || times < 1 || times > 1_000_000)) {
      return 'error: a reject fault\'s "times" is a whole number from 1 to 1000000';
    }
    return undefined;
  }
  if (typeof f['pod'] !== 'string') return `error: a ${f['type']} fault names its "pod"`;
  if (f['type'] === 'readiness' && typeof f['ready'] !== 'boolean') return 'error: a readiness fault says "ready": true or false';
  return undefined;
}

/** kubectl apply's error when its GET of the live object fails (here: an object without a name). */
function retrievingError(info: KindInfo, name: string, namespace: string): string {
  const slash = info.apiVersion.indexOf('/');
  const group = slash < 0 ? '' : info.apiVersion.slice(0, slash);
  const version = info.apiVersion.slice(slash + 1);
  return (
    `error when retrieving current configuration of:\nResource: "${group}/${version}, Resource=${info.resource}", GroupVersionKind: "${group}/${version}, Kind=${info.kind}"\n` +
    `Name: ${JSON.stringify(name)}, Namespace: ${JSON.stringify(namespace)}\nfrom server for: "STDIN": resource name may not be empty`
  );
}

/**
 * Errors are values (engine-api.md: results never throw): should a bug inside a call throw after all,
 * the call answers as the apiserver answers a panic in a handler, with a 500 "Internal error
 * occurred", instead of taking the caller (the page, a lesson) down.
 */
function internal(error: unknown): string {
  return `Internal error occurred: the playground hit a bug: ${error instanceof Error ? error.message : String(error)}`;
}
const FALLBACKS: Record<string, (message: string) => unknown> = {
  patch: (m) => ({ ok: false, message: `Error from server (InternalError): ${m}` }),
  scale: (m) => ({ ok: false, message: `Error from server (InternalError): ${m}` }),
  delete: (m) => ({ ok: false, message: `Error from server (InternalError): ${m}` }),
  inject: (m) => ({ ok: false, message: `Error from server (InternalError): ${m}` }),
  kubectl: (m) => ({ code: 1, stdout: '', stderr: `Error from server (InternalError): ${m}\n` }),
  resolve: () => ({ rcode: 'NXDOMAIN', records: [] }),
  get: () => undefined,
  list: () => [],
  events: () => [],
  changes: () => [],
  advance: () => undefined,
  settle: () => 0,
};
for (const [method, fallback] of Object.entries(FALLBACKS)) {
  const proto = Cluster.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
  const original = proto[method];
  if (!original) continue;
  proto[method] = function guarded(this: Cluster, ...args: unknown[]): unknown {
    try {
      return original.apply(this, args);
    } catch (error) {
      return fallback(internal(error));
    }
  };
}

function notFoundMessage(info: KindInfo, name: string): string {
  const group = info.apiVersion.includes('/') ? info.apiVersion.split('/')[0] : '';
  return `${group ? `${info.resource}.${group}` : info.resource} "${name}" not found`;
}

/** createCluster: a new cluster with its nodes, namespaces, system Services and default class. */
export function createCluster(options: ClusterOptions = {}): Cluster {
  const nodes = Math.max(1, Math.min(50, Math.floor(options.nodes ?? 3)));
  const seed = Math.floor(options.seed ?? 1);
  const state: ClusterState = {
    format: 'statefulset-playground/cluster@1',
    options: {
      seed,
      nodes,
      defaultStorageClass: options.defaultStorageClass ?? true,
      featureGates: { MaxUnavailableStatefulSet: false, ...options.featureGates },
      timing: { ...DEFAULT_TIMING, ...options.timing },
      maxPods: options.maxPods ?? MAX_PODS,
    },
    now: 0,
    rng: seed | 0,
    rv: 0,
    timerSeq: 0,
    objects: {},
    changes: [],
    eventOrder: [],
    timers: [],
    nodes: {},
    pods: {},
    syncFailures: {},
    rejects: [],
    assumed: {},
    volumes: {},
    nextClusterIp: 11,
    endpointTriggers: {},
  };
  const engine = new Engine(state);
  const api = engine.api;
  for (const ns of ['default', 'kube-node-lease', 'kube-public', 'kube-system']) {
    api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } }, { skipValidation: true });
  }
  for (let i = 1; i <= nodes; i++) {
    const name = `node-${i}`;
    state.nodes[name] = { up: true, images: [], nextIp: 2, index: i };
    api.create(
      {
        apiVersion: 'v1',
        kind: 'Node',
        metadata: {
          name,
          labels: {
            'beta.kubernetes.io/arch': 'amd64',
            'beta.kubernetes.io/os': 'linux',
            'kubernetes.io/arch': 'amd64',
            'kubernetes.io/hostname': name,
            'kubernetes.io/os': 'linux',
          },
          annotations: { 'node.alpha.kubernetes.io/ttl': '0', 'volumes.kubernetes.io/controller-managed-attach-detach': 'true' },
        },
        spec: { podCIDR: `10.244.${i}.0/24`, podCIDRs: [`10.244.${i}.0/24`], providerID: `kind://docker/kind/${name}` },
        // kind nodes report the host's resources: an 8-core, 16 GiB laptop (the scheduler's NodeResourcesFit reads allocatable).
        status: {
          capacity: { cpu: '8', 'ephemeral-storage': '263174212Ki', memory: '16365404Ki', pods: '110' },
          allocatable: { cpu: '8', 'ephemeral-storage': '263174212Ki', memory: '16365404Ki', pods: '110' },
          conditions: healthyNodeConditions(0),
          addresses: [
            { type: 'InternalIP', address: `172.18.0.${i + 2}` },
            { type: 'Hostname', address: name },
          ],
          nodeInfo: {
            architecture: 'amd64',
            containerRuntimeVersion: 'containerd://2.1.3',
            kernelVersion: '6.8.0-60-generic',
            kubeProxyVersion: '',
            kubeletVersion: 'v1.36.0',
            operatingSystem: 'linux',
            osImage: 'Debian GNU/Linux 12 (bookworm)',
          },
        },
      },
      { skipValidation: true }
    );
  }
  api.create(
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'kubernetes', namespace: 'default', labels: { component: 'apiserver', provider: 'kubernetes' } },
      spec: { clusterIP: '10.96.0.1', ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }] },
    },
    { skipValidation: true }
  );
  api.create(
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {
        name: 'kube-dns',
        namespace: 'kube-system',
        labels: { 'k8s-app': 'kube-dns', 'kubernetes.io/cluster-service': 'true', 'kubernetes.io/name': 'CoreDNS' },
      },
      spec: {
        clusterIP: '10.96.0.10',
        ports: [
          { name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 },
          { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 53 },
          { name: 'metrics', port: 9153, protocol: 'TCP', targetPort: 9153 },
        ],
      },
    },
    { skipValidation: true }
  );
  if (state.options.defaultStorageClass) {
    api.create(
      {
        apiVersion: 'storage.k8s.io/v1',
        kind: 'StorageClass',
        metadata: { name: 'standard', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
        provisioner: LOCAL_PATH_PROVISIONER,
        reclaimPolicy: 'Delete',
        volumeBindingMode: 'WaitForFirstConsumer',
      } as K8sObject,
      { skipValidation: true }
    );
  }
  engine.runQueues();
  return new Cluster(engine);
}

/**
 * The trigger-time tracker in a canonical order (pods by name): a sync edits its record in the order
 * pods were written, so the same state could otherwise be written out in different orders.
 */
function sortedTriggers(triggers: ClusterState['endpointTriggers']): Pick<ClusterState, 'endpointTriggers'> {
  if (!triggers) return {};
  const sorted: NonNullable<ClusterState['endpointTriggers']> = {};
  for (const key of Object.keys(triggers).sort()) {
    const entry = triggers[key] as NonNullable<ClusterState['endpointTriggers']>[string];
    const pods: Record<string, number> = {};
    for (const name of Object.keys(entry.pods).sort()) pods[name] = entry.pods[name] as number;
    sorted[key] = { service: entry.service, pods };
  }
  return { endpointTriggers: sorted };
}

/**
 * restoreCluster: a cluster that behaves exactly as the one the snapshot was taken from. The snapshot
 * is checked whole first (checkSnapshot); a bad one is refused with an Error whose message says what
 * is wrong, and nothing else ever escapes. tryRestoreCluster gives the same answer as a value.
 */
export function restoreCluster(snapshot: ClusterState): Cluster {
  const restored = tryRestoreCluster(snapshot);
  if (!restored.ok) throw new Error(restored.message);
  return restored.cluster;
}

/** restoreCluster as a value: never throws. */
export function tryRestoreCluster(snapshot: unknown): { ok: true; cluster: Cluster } | { ok: false; message: string } {
  const problem = checkSnapshot(snapshot);
  if (problem !== undefined) return { ok: false, message: problem };
  try {
    const state = deepClone(snapshot as ClusterState);
    state.pods = encodeNever(state.pods, true);
    state.endpointTriggers ??= {};
    const engine = new Engine(state);
    // The service account controller's initial list on start-up: a snapshot taken before namespaces
    // got their default ServiceAccount and kube-root-ca.crt gets them; otherwise nothing is written.
    for (const ns of engine.api.list('Namespace')) engine.enqueue('serviceaccount', ns.metadata.name);
    return { ok: true, cluster: new Cluster(engine) };
  } catch (error) {
    return { ok: false, message: `not a usable StatefulSet Playground snapshot: ${error instanceof Error ? error.message : String(error)}` };
  }
}

export { checkSnapshot };
