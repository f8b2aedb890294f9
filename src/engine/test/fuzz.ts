/**
 * The engine fuzzer (issue 9): generated inputs against every public call, counting what must never
 * happen. `npm run fuzz` runs it at scale (src/tools/fuzz.mjs); fuzz.test.ts runs a fixed-seed sample
 * inside `npm test`.
 *
 * Input families, mixed by one seeded generator (its own mulberry32: never Math.random):
 * - manifests from the fixtures and examples, mutated in their text or in their values, applied;
 * - random text, applied;
 * - random kubectl command lines (with the mutated manifests as files);
 * - random action sequences (apply, scale, patch, delete with every cascade, faults, node failures,
 *   time, kubectl lines) with the cluster invariants after every step and snapshot → restore →
 *   continue compared with continue;
 * - poisoned snapshots given to restoreCluster.
 *
 * Counted: throws (any exception out of the engine), hangs (an input over the time bound), errors
 * without a position (an apply diagnostic lacking line or column), rejected-but-changed (an apply
 * that applied nothing but changed the cluster), invariant violations and restore divergences.
 */
import { createCluster, restoreCluster, type Cluster } from '../index.ts';
import { checkSnapshot } from '../cluster.ts';
import { defaultExample, NGINX_SERVICE, webYaml } from './fixtures.ts';
import { invariantProblems } from './invariants.ts';
import { parseManifests } from '../manifest/parse.ts';

export interface FuzzCounts {
  inputs: number;
  throws: number;
  hangs: number;
  unpositioned: number;
  rejectedChanged: number;
  invariants: number;
  diverged: number;
}

export interface FuzzReport extends FuzzCounts {
  /** The first few failures, each with what to replay. */
  samples: string[];
}

export interface FuzzOptions {
  seed: number;
  inputs: number;
  /** Per-input bound in wall-clock ms; an input taking longer counts as a hang. */
  hangMs?: number;
  /** A wall clock for the hang bound (performance.now by default). */
  clock?: () => number;
  progress?: (counts: FuzzCounts) => void;
  /** More manifests to mutate (the fixtures). */
  files?: readonly string[];
  /** Called with each input's label before it runs (to find a hang, which no bound can interrupt). */
  trace?: (label: string) => void;
}

// ---------------------------------------------------------------------------------------------
// A seeded generator

export class Rand {
  private state: number;
  constructor(seed: number) {
    this.state = seed | 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  range(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T;
  }
}

// ---------------------------------------------------------------------------------------------
// Corpus and mutations

/** The built-in manifests, plus `files` (the callers pass the fixtures/*.yaml texts: this module reads no files). */
export function corpus(files: readonly string[] = []): string[] {
  return [
    defaultExample(),
    NGINX_SERVICE,
    webYaml({ replicas: 2, policy: 'Parallel' }),
    webYaml({ claims: false, name: 'lite' }),
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\ndata:\n  a: "1"\n',
    'apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\nstringData:\n  pw: hunter2\n',
    'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: team\n',
    'apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: data\nspec:\n  accessModes: [ReadWriteOnce]\n  resources:\n    requests:\n      storage: 1Gi\n',
    'apiVersion: v1\nkind: Pod\nmetadata:\n  name: solo\nspec:\n  containers:\n  - name: c\n    image: busybox\n    command: [sleep, "3600"]\n',
    'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  replicas: 2\n  selector:\n    matchLabels: {app: d}\n  template:\n    metadata:\n      labels: {app: d}\n    spec:\n      containers:\n      - name: c\n        image: nginx\n',
    'apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: pdb\nspec:\n  minAvailable: 1\n  selector:\n    matchLabels: {app: nginx}\n',
    ...files,
  ];
}

const WEIRD_VALUES: readonly unknown[] = [
  null, true, false, 0, -1, 1.5, 3, 2 ** 31, -(2 ** 31) - 1, 1e308, -1e308, 1e21, '', ' ', 'x', '3', 'true', '1Gi', '-1Gi',
  'a'.repeat(300), 'Web', 'web-0', '../etc', '\u0000', '💥', '${x}', '"', [], [1], ['a'], [null], [[1]], {}, { a: 1 }, { '': '' },
  { __proto__x: 1 }, [{}], [{ name: 'x' }],
];
const WEIRD_KEYS = ['replica', 'Replicas', 'spec', 'metadata', 'name', 'x', '', 'status', 'items', 'kind', 'apiVersion', '__proto__', 'constructor', 'a.b', 'labels'];

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Every path to a value inside `v` (objects and arrays included). */
function paths(v: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = [], depth = 0): (string | number)[][] {
  out.push(prefix);
  if (depth > 30) return out;
  if (Array.isArray(v)) v.forEach((x, i) => paths(x, [...prefix, i], out, depth + 1));
  else if (typeof v === 'object' && v !== null) for (const k of Object.keys(v)) paths((v as Record<string, unknown>)[k], [...prefix, k], out, depth + 1);
  return out;
}

function setAt(root: Json, path: (string | number)[], mutate: (parent: Record<string, Json> | Json[], key: string | number) => void): Json {
  if (path.length === 0) return root;
  let node: Json = root;
  for (const seg of path.slice(0, -1)) {
    if (typeof node !== 'object' || node === null) return root;
    node = (node as Record<string, Json>)[seg as string] as Json;
  }
  if (typeof node === 'object' && node !== null) mutate(node as Record<string, Json>, path[path.length - 1] as string | number);
  return root;
}

function valueMutation(r: Rand, doc: Json): Json {
  const all = paths(doc);
  const path = r.pick(all);
  const op = r.int(6);
  if (path.length === 0) return op === 0 ? (r.pick(WEIRD_VALUES) as Json) : doc;
  return setAt(doc, path, (parent, key) => {
    const p = parent as Record<string, Json>;
    switch (op) {
      case 0:
      case 1:
        p[key as string] = structuredClone(r.pick(WEIRD_VALUES)) as Json;
        break;
      case 2:
        if (Array.isArray(parent)) parent.splice(key as number, 1);
        else delete p[key as string];
        break;
      case 3:
        if (!Array.isArray(parent)) Object.defineProperty(p, r.pick(WEIRD_KEYS), { value: structuredClone(r.pick(WEIRD_VALUES)), enumerable: true, writable: true, configurable: true });
        break;
      case 4: {
        // Wrap the value: a list where an object belongs, an object where a string belongs.
        const v = p[key as string] as Json;
        p[key as string] = r.chance(0.5) ? [v] : { value: v };
        break;
      }
      default: {
        if (!Array.isArray(parent)) {
          const v = p[key as string] as Json;
          delete p[key as string];
          p[`${String(key)}${r.pick(['s', 'X', '_', ''])}`] = v;
        }
      }
    }
  });
}

const TEXT_PIECES = ['\n', ' ', '  ', '\t', ':', ': ', '- ', '---\n', '&a ', '*a', '<<: *a', '{', '}', '[', ']', ',', '"', "'", '#', '|', '>', '!!str ', '!!binary ', '? ', '%YAML 1.2\n', '...\n', '\u00a0', '\ufeff', 'é', '💥', '0x1F', '.inf', '~', 'null', 'yes', '0755', '1e400'];

function textMutation(r: Rand, text: string): string {
  let out = text;
  const n = r.range(1, 4);
  for (let i = 0; i < n; i++) {
    const at = r.int(out.length + 1);
    switch (r.int(7)) {
      case 0:
        out = out.slice(0, at) + out.slice(at + r.range(1, 8));
        break;
      case 1:
        out = out.slice(0, at) + r.pick(TEXT_PIECES) + out.slice(at);
        break;
      case 2: {
        const lines = out.split('\n');
        const li = r.int(lines.length);
        lines[li] = `${' '.repeat(r.range(1, 4))}${lines[li] ?? ''}`;
        out = lines.join('\n');
        break;
      }
      case 3: {
        const lines = out.split('\n');
        const li = r.int(lines.length);
        lines.splice(li, 0, lines[li] ?? '');
        out = lines.join('\n');
        break;
      }
      case 4:
        out = out.slice(0, at);
        break;
      case 5: {
        const lines = out.split('\n');
        const a = r.int(lines.length);
        const b = r.int(lines.length);
        [lines[a], lines[b]] = [lines[b] ?? '', lines[a] ?? ''];
        out = lines.join('\n');
        break;
      }
      default:
        out = out.slice(0, at) + String.fromCharCode(r.int(0x3000)) + out.slice(at);
    }
  }
  return out;
}

function randomText(r: Rand): string {
  let out = '';
  const n = r.range(0, 60);
  for (let i = 0; i < n; i++) out += r.chance(0.7) ? r.pick(TEXT_PIECES) : r.pick(['apiVersion', 'kind', 'metadata', 'name', 'spec', 'v1', 'Pod', 'a', 'b', '1', '-1']);
  return out;
}

/** A manifest as JSON text (valid YAML), one document per object of the source. */
function mutatedManifest(r: Rand, sources: readonly string[], parse: (text: string) => Json[]): string {
  const source = r.pick(sources);
  if (r.chance(0.4)) return textMutation(r, source);
  const docs = parse(source);
  if (docs.length === 0) return source;
  const i = r.int(docs.length);
  let doc = docs[i] as Json;
  const times = r.range(1, 3);
  for (let k = 0; k < times; k++) doc = valueMutation(r, doc);
  docs[i] = doc;
  return docs.map((d) => JSON.stringify(d, null, r.chance(0.5) ? 2 : undefined)).join('\n---\n');
}

// ---------------------------------------------------------------------------------------------
// kubectl lines

const VERBS = ['get', 'describe', 'delete', 'scale', 'patch', 'apply', 'create', 'rollout status', 'rollout undo', 'rollout history', 'rollout restart', 'rollout pause', 'rollout resume', 'label', 'annotate', 'exec', 'logs', 'cordon', 'uncordon', 'drain', 'taint', 'expose', 'set image', 'edit', 'explain', 'api-resources', 'version', 'wait', 'top', 'run', 'auth can-i', 'config view', 'cluster-info', 'create deployment', 'create configmap', 'create secret generic', 'create namespace', 'debug', 'replace', 'diff', 'bogus'];
const RESOURCES = ['pods', 'po', 'sts', 'statefulset', 'svc', 'pvc', 'pv', 'deploy', 'rs', 'nodes', 'ns', 'events', 'all', 'cm', 'secrets', 'sc', 'ep', 'endpointslices', 'controllerrevisions', 'pdb', 'sa', 'roles', 'thing', 'sts/web', 'pod/web-0', 'pods,svc'];
const NAMES = ['web', 'web-0', 'web-1', 'web-9', 'nginx', 'node-1', 'node-2', 'www-web-0', 'default', 'kube-system', 'cfg', 'd', '""', "''", 'a b', '-', '--', 'web-', 'WEB', '💥'];
const FLAGS = ['-o json', '-o yaml', '-o wide', '-o name', "-o jsonpath='{.items[*].metadata.name}'", '-o jsonpath={.spec', "-o go-template='{{.metadata.name}}'", '-o custom-columns=N:.metadata.name', '--replicas=3', '--replicas=-1', '--replicas=x', '--replicas=1000000', '-l app=nginx', '-l', '--selector=app!=x', '-n default', '-n team', '-n', '-A', '--all', '--cascade=orphan', '--cascade=foreground', '--cascade=bogus', '--force', '--grace-period=0', '--grace-period=-5', '--grace-period=x', '--type=merge', '--type=json', "-p '{\"spec\":{\"replicas\":2}}'", "-p '[{\"op\":\"remove\",\"path\":\"/spec\"}]'", "-p '{'", "-p '{\"spec\":{\"replica\":2}}'", '-f web.yaml', '-f bad.yaml', '-f -', '-f missing.yaml', '--to-revision=1', '--to-revision=99', '--watch', '-w', '--sort-by=.metadata.name', '--sort-by={', '--field-selector=status.phase=Running', '--show-labels', '-c nginx', '--timeout=1s', '--for=condition=Ready', '--ignore-daemonsets', '--delete-emptydir-data', '--dry-run=client', '--dry-run=server', '--image=busybox', '--port=80', '--', '--v=9', '-h', '--help', '=', '"', "'"];
const SHELL = ['sh -c \'echo "$(hostname)" > /usr/share/nginx/html/index.html\'', 'cat /etc/hosts', 'ls -la /', 'sh -c "cat /etc/hosts /etc/hosts /etc/hosts >> /usr/share/nginx/html/big; cat /usr/share/nginx/html/big /usr/share/nginx/html/big >> /usr/share/nginx/html/big"', 'nslookup web-0.nginx', 'curl http://web-1.nginx/', 'sh -c "while true; do echo; done"', 'rm -rf /', 'sh -c \'$(\'', 'sh -c "echo ${HOSTNAME"', 'mv /usr/share/nginx/html /tmp', 'cp /etc/hosts /usr/share/nginx/html/x', 'sleep 1000000', 'bogus-program'];

function kubectlLine(r: Rand): string {
  const verb = r.pick(VERBS);
  const parts = ['kubectl', verb];
  if (r.chance(0.8)) parts.push(r.pick(RESOURCES));
  if (r.chance(0.7)) parts.push(r.pick(NAMES));
  const flags = r.range(0, 3);
  for (let i = 0; i < flags; i++) parts.push(r.pick(FLAGS));
  if (verb === 'exec' || r.chance(0.05)) parts.push('--', r.pick(SHELL));
  let line = parts.join(' ');
  if (r.chance(0.1)) line = textMutation(r, line);
  return line;
}

// ---------------------------------------------------------------------------------------------
// Actions

type Step = (c: Cluster) => unknown;

function action(r: Rand, sources: readonly string[], parse: (text: string) => Json[]): { name: string; run: Step } {
  const pod = `web-${r.range(0, 4)}`;
  switch (r.int(14)) {
    case 0: {
      const yaml = r.chance(0.5) ? r.pick(sources) : mutatedManifest(r, sources, parse);
      return { name: `apply ${JSON.stringify(yaml.slice(0, 60))}`, run: (c) => c.apply(yaml) };
    }
    case 1: {
      const n = r.pick([0, 1, 2, 3, 5, -1, 1.5, Number.NaN, 2000]);
      const kind = r.pick(['sts', 'deploy']);
      return { name: `scale ${kind} ${n}`, run: (c) => c.scale(kind, 'web', n) };
    }
    case 2: {
      const cascade = r.pick(['orphan', 'foreground', 'background'] as const);
      const kind = r.pick(['sts', 'pod', 'pvc', 'svc', 'pv', 'ns', 'node']);
      const name = kind === 'pod' ? pod : kind === 'pvc' ? `www-${pod}` : kind === 'ns' ? r.pick(['team', 'default']) : kind === 'node' ? 'node-2' : r.pick(['web', 'nginx']);
      const force = r.chance(0.3);
      return { name: `delete ${kind}/${name} ${cascade}${force ? ' force' : ''}`, run: (c) => c.delete(kind, name, { cascade, force }) };
    }
    case 3: {
      const type = r.pick(['strategic', 'merge', 'json'] as const);
      const body = r.pick<unknown>([
        { spec: { template: { spec: { containers: [{ name: 'nginx', image: `nginx:v${r.range(1, 3)}` }] } } } },
        { spec: { replicas: r.pick([0, 2, 4, '3', null, -1]) } },
        { spec: { updateStrategy: { type: 'OnDelete', rollingUpdate: null } } },
        { metadata: { finalizers: ['x/y'] } },
        { metadata: { finalizers: null } },
        { spec: 3 },
        [{ op: 'replace', path: '/spec/replicas', value: 1 }],
        [{ op: 'remove', path: '/metadata' }],
        '{not json',
        null,
        { spec: { replica: 1 } },
      ]);
      const kind = r.pick(['sts', 'pod', 'svc', 'pvc']);
      const name = r.pick(['web', pod, 'nginx']);
      return { name: `patch ${type} ${kind}/${name} ${JSON.stringify(body)}`, run: (c) => c.patch(kind, name, body, { type }) };
    }
    case 4: {
      const fault = r.pick<unknown>([
        { type: 'readiness', pod, ready: r.chance(0.5) },
        { type: 'crash', pod },
        { type: 'evict', pod },
        { type: 'complete', pod },
        { type: 'node', node: `node-${r.range(1, 4)}`, state: r.chance(0.5) ? 'down' : 'up' },
        { type: 'reject', verb: r.pick(['create', 'delete']), kind: r.pick(['pods', 'pvc', 'bogus']), times: r.pick([1, 2, -1, 1e9]) },
        { type: 'bogus' },
        { type: 'crash' },
        null,
      ]);
      return { name: `inject ${JSON.stringify(fault)}`, run: (c) => c.inject(fault as never) };
    }
    case 5:
    case 6: {
      const ms = r.pick([0, 100, 1000, 5000, 30_000, 120_000, 600_000, -5, Number.NaN, Number.POSITIVE_INFINITY]);
      return { name: `advance ${ms}`, run: (c) => c.advance(ms) };
    }
    case 7:
    {
      const max = r.pick([60_000, 600_000, 3_600_000, -1, Number.NaN]);
      return { name: `settle ${max}`, run: (c) => c.settle(max) };
    }
    case 8:
    case 9: {
      const line = kubectlLine(r);
      const files = { 'web.yaml': r.pick(sources), 'bad.yaml': mutatedManifest(r, sources, parse) };
      const stdin = r.pick(sources);
      return { name: `kubectl ${JSON.stringify(line)}`, run: (c) => c.kubectl(line, { files, stdin }) };
    }
    case 10:
    {
      const name = r.pick([`${pod}.nginx`, 'nginx', '', '.', 'a'.repeat(300), `${pod}.nginx.default.svc.cluster.local.`]);
      const type = r.pick(['A', 'SRV', 'PTR', 'x']);
      return { name: `resolve ${name} ${type}`, run: (c) => c.resolve(name, { type }) };
    }
    case 11:
    {
      const kind = r.pick(['pod', 'sts', 'x']);
      const name = r.pick([pod, 'web', '']);
      const list = r.pick(['pods', 'pvc', 'all', '']);
      const since = r.pick([0, -1, Number.NaN, 1e15]);
      return { name: 'reads', run: (c) => [c.get(kind, name), c.list(list), c.events().length, c.changes(since).length] };
    }
    case 12:
    {
      const line = `kubectl exec ${pod} -- ${r.pick(SHELL)}`;
      return { name: line, run: (c) => c.kubectl(line) };
    }
    default: {
      const node = `node-${r.range(1, 3)}`;
      const ms = r.pick([10_000, 60_000, 400_000]);
      return { name: `node ${node} down, advance ${ms}`, run: (c) => [c.inject({ type: 'node', node, state: 'down' }), c.advance(ms)] };
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Poisoned snapshots

const POISON: readonly unknown[] = [-1e308, 1e308, Number.NaN, -1, 'x', null, [], {}, true, 2 ** 53, 1.5, '', [1, 'a'], { a: [] }];

function poisonSnapshot(r: Rand, snapshot: Json): unknown {
  const count = r.range(1, 3);
  let doc = snapshot;
  for (let i = 0; i < count; i++) {
    const all = paths(doc).filter((p) => p.length > 0);
    const path = r.pick(all);
    doc = setAt(doc, path, (parent, key) => {
      const p = parent as Record<string, Json>;
      if (r.chance(0.25)) {
        if (Array.isArray(parent)) parent.splice(key as number, 1);
        else delete p[key as string];
      } else p[key as string] = structuredClone(r.pick(POISON)) as Json;
    });
  }
  if (r.chance(0.05)) {
    // A cycle (what a structured clone can carry and JSON cannot).
    const obj = doc as Record<string, unknown>;
    obj['self'] = obj;
  }
  return doc;
}

// ---------------------------------------------------------------------------------------------
// The run

export function runFuzz(options: FuzzOptions): FuzzReport {
  const r = new Rand(options.seed);
  const clock = options.clock ?? (() => performance.now());
  const hangMs = options.hangMs ?? 5000;
  const report: FuzzReport = { inputs: 0, throws: 0, hangs: 0, unpositioned: 0, rejectedChanged: 0, invariants: 0, diverged: 0, samples: [] };
  const sources = corpus(options.files);
  const parse = splitDocs;
  const note = (what: string) => {
    if (report.samples.length < 20) report.samples.push(what);
  };
  /** Runs one input: counts a throw or a hang; returns the call's value, or undefined when it threw. */
  const guarded = <T>(label: string, fn: () => T): { value?: T; threw: boolean } => {
    options.trace?.(label);
    const start = clock();
    let value: T | undefined;
    let threw = false;
    try {
      value = fn();
    } catch (error) {
      threw = true;
      report.throws++;
      note(`throw: ${label}: ${error instanceof Error ? error.stack?.split('\n').slice(0, 3).join(' | ') : String(error)}`);
    }
    if (!threw && typeof value === 'object' && value !== null && !Array.isArray(value)) {
      // The engine's safety net turns a bug into a 500 answer: still a bug, counted as a throw.
      const text = JSON.stringify(value);
      if (text.includes('the playground hit a bug')) {
        report.throws++;
        note(`internal error: ${label}: ${text.slice(0, 400)}`);
      }
    }
    const took = clock() - start;
    if (took > hangMs) {
      report.hangs++;
      note(`hang (${Math.round(took)} ms): ${label}`);
    }
    return threw ? { threw } : { value: value as T, threw };
  };

  let base = createCluster({ seed: 7 });
  base.apply(defaultExample());
  base.settle();
  let baseUses = 0;

  while (report.inputs < options.inputs) {
    const family = r.int(100);
    if (family < 40) {
      // A mutated manifest, applied to a running cluster.
      if (baseUses++ > 60) {
        base = createCluster({ seed: r.range(1, 1000) });
        base.apply(defaultExample());
        baseUses = 0;
      }
      const yaml = mutatedManifest(r, sources, parse);
      applyChecked(base, yaml, `apply ${JSON.stringify(yaml)}`);
      report.inputs++;
    } else if (family < 60) {
      const text = r.chance(0.5) ? randomText(r) : textMutation(r, randomText(r));
      applyChecked(base, text, `apply ${JSON.stringify(text)}`);
      report.inputs++;
    } else if (family < 89) {
      const line = kubectlLine(r);
      const files = { 'web.yaml': r.pick(sources), 'bad.yaml': mutatedManifest(r, sources, parse) };
      guarded(`kubectl ${JSON.stringify(line)}`, () => base.kubectl(line, { files, stdin: mutatedManifest(r, sources, parse) }));
      report.inputs++;
    } else if (family < 97) {
      report.inputs += sequence();
    } else {
      const snap = JSON.parse(JSON.stringify(base.snapshot())) as Json;
      const poisoned = poisonSnapshot(r, snap);
      guarded('restore poisoned snapshot', () => {
        const problem = checkSnapshot(poisoned);
        if (problem === undefined) {
          // Accepted: it must then run.
          const c = restoreCluster(poisoned as never);
          c.advance(60_000);
          c.kubectl('get pods');
        }
      });
      report.inputs++;
    }
    if (options.progress && report.inputs % 1000 === 0) options.progress(report);
  }
  return report;

  function applyChecked(cluster: Cluster, yaml: string, label: string): void {
    const before = JSON.stringify(cluster.snapshot());
    const out = guarded(label, () => cluster.apply(yaml));
    const result = out.value;
    if (!result) return;
    for (const e of result.errors) {
      if (e.line === undefined || e.column === undefined) {
        report.unpositioned++;
        note(`no position: ${e.message.slice(0, 200)} for ${label.slice(0, 300)}`);
      }
    }
    if (result.objects.length === 0 && !result.ok) {
      const after = JSON.stringify(cluster.snapshot());
      if (after !== before) {
        report.rejectedChanged++;
        note(`rejected but changed: ${result.errors[0]?.message.slice(0, 200)} for ${label.slice(0, 300)}`);
      }
    }
  }

  /** One random action sequence; returns how many steps it ran. */
  function sequence(): number {
    const seed = r.range(1, 100_000);
    const nodeCount = r.range(1, 4);
    const cluster = createCluster({ seed, nodes: nodeCount });
    const first = r.chance(0.7) ? defaultExample() : r.pick(sources);
    cluster.apply(first);
    const setup = `createCluster({ seed: ${seed}, nodes: ${nodeCount} }) + apply ${JSON.stringify(first.slice(0, 80))}`;
    const steps = Array.from({ length: r.range(4, 12) }, () => action(r, sources, parse));
    const cut = r.int(steps.length);
    let copy: Cluster | undefined;
    let ran = 0;
    for (let i = 0; i < steps.length; i++) {
      const step = steps[i] as { name: string; run: Step };
      if (i === cut) {
        const out = guarded('snapshot+restore', () => restoreCluster(JSON.parse(JSON.stringify(cluster.snapshot()))));
        copy = out.value;
      }
      const label = `${step.name} [step ${i + 1} after ${setup} ; ${steps.slice(0, i).map((s) => s.name).join(' ; ')}]`;
      const out = guarded(label, () => step.run(cluster));
      ran++;
      if (copy) guarded(`${label} (restored copy)`, () => step.run(copy as Cluster));
      if (out.threw) return ran;
      const found = guarded('invariants', () => invariantProblems(cluster)).value;
      if (found && found.problems.length > 0) {
        report.invariants++;
        note(`invariants after ${setup} ; ${steps.slice(0, i + 1).map((s) => s.name).join(' ; ')}: ${found.problems.slice(0, 3).join('; ')}`);
        return ran;
      }
    }
    if (copy) {
      const a = JSON.stringify(cluster.snapshot());
      const b = JSON.stringify(copy.snapshot());
      if (a !== b) {
        report.diverged++;
        note(`restore diverged (cut ${cut}): ${setup} ; ${steps.map((s) => s.name).join(' ; ')} :: ${firstDifference(a, b)}`);
      }
    }
    return ran;
  }
}

/** The first path at which two JSON values differ, with both values (short). */
function diffAt(x: unknown, y: unknown, at: string): string | undefined {
  if (JSON.stringify(x) === JSON.stringify(y)) return undefined;
  if (typeof x === 'object' && x !== null && typeof y === 'object' && y !== null) {
    for (const k of new Set([...Object.keys(x), ...Object.keys(y)])) {
      const found = diffAt((x as Record<string, unknown>)[k], (y as Record<string, unknown>)[k], `${at}.${k}`);
      if (found) return found;
    }
  }
  return `${at}: ${JSON.stringify(x)?.slice(0, 300)} ≠ ${JSON.stringify(y)?.slice(0, 300)}`;
}

function firstDifference(a: string, b: string): string {
  return diffAt(JSON.parse(a), JSON.parse(b), 'snapshot') ?? 'no difference';
}

/** The corpus' documents as plain JSON, read by the engine's own parser (cached: the corpus is small). */
const parsedCache = new Map<string, Json[]>();
function splitDocs(text: string): Json[] {
  let docs = parsedCache.get(text);
  if (!docs) {
    docs = parseManifests(text).documents.flatMap((d) => (d.object ? [d.object as Json] : []));
    parsedCache.set(text, docs);
  }
  return structuredClone(docs);
}
