/**
 * The page's full check of what the host sends: the protocol version, the message's shape, and every
 * view item the page draws. Structured clone carries no types, and a message the page cannot trust is
 * dropped (and counted) rather than drawn: one bad field would otherwise break the whole picture.
 */
import { PROTOCOL_VERSION, SIM_TYPES, type SimToUi } from './protocol.ts';

export type Verdict = { ok: true; message: SimToUi } | { ok: false; reason: string };

/** A field's type: `?` in front makes it optional; `[]` behind makes it an array of that type. */
type FieldType = 'string' | 'number' | 'boolean' | 'object' | 'string[]' | '?string' | '?number' | '?boolean' | '?object';
type Shape = Readonly<Record<string, FieldType>>;

const POD: Shape = {
  key: 'string', uid: 'string', name: 'string', namespace: 'string', set: '?string', owner: '?object', created: 'number',
  started: '?number', ordinal: 'number', phase: 'string', status: 'string', ready: 'boolean', readyText: 'string',
  restarts: 'number', revision: 'string', image: 'string', ip: '?string', node: '?string', terminating: 'boolean', claims: 'string[]',
};
const CLAIM: Shape = {
  key: 'string', uid: 'string', name: 'string', namespace: 'string', phase: 'string', terminating: 'boolean', volume: '?string',
  storageClass: '?string', capacity: '?string', request: '?string', accessModes: 'string[]', pendingReason: '?string',
};
const VOLUME: Shape = {
  key: 'string', name: 'string', phase: 'string', terminating: 'boolean', claim: '?string', capacity: '?string',
  reclaimPolicy: 'string', storageClass: '?string', node: '?string',
};
const CLASS: Shape = { key: 'string', name: 'string', provisioner: 'string', bindingMode: 'string', reclaimPolicy: 'string', isDefault: 'boolean' };
const NODE: Shape = { key: 'string', name: 'string', ready: 'string', unschedulable: 'boolean', taints: 'string[]', podCIDR: 'string' };
const SERVICE: Shape = {
  key: 'string', name: 'string', namespace: 'string', headless: 'boolean', targets: 'string[]', clusterIP: 'string', ports: 'string[]', records: 'object',
};
const SET: Shape = {
  key: 'string', name: 'string', namespace: 'string', replicas: 'number', start: 'number', serviceName: 'string', policy: 'string',
  strategy: 'string', partition: '?number', image: 'string', status: 'object', generation: 'number', revisions: 'object',
  claimTemplates: 'string[]', terminating: 'boolean',
};
const REPLICA_SET: Shape = {
  key: 'string', name: 'string', namespace: 'string', deployment: '?string', revision: 'number', hash: 'string', replicas: 'number',
  readyReplicas: 'number', availableReplicas: 'number', currentReplicas: 'number', image: 'string', terminating: 'boolean',
};
const DEPLOYMENT: Shape = {
  key: 'string', name: 'string', namespace: 'string', replicas: 'number', image: 'string', paused: 'boolean', strategy: 'string',
  maxSurge: 'string', maxUnavailable: 'string', progressDeadlineSeconds: 'number', minReadySeconds: 'number', claims: 'string[]',
  revision: 'number', generation: 'number', observedGeneration: 'number', status: 'object', conditions: 'object', terminating: 'boolean',
};
const EVENT: Shape = {
  key: 'string', time: 'number', type: 'string', reason: 'string', message: 'string', object: 'string', count: 'number', source: 'string',
};
const HINT: Shape = { id: 'string', params: 'object' };
const RECORD: Shape = { fqdn: 'string', type: 'string', rcode: 'string', data: 'string[]', pod: '?string' };
const REVISION: Shape = { name: 'string', revision: 'number', images: 'string[]' };
const DIAGNOSTIC: Shape = { message: 'string', document: '?number', line: '?number', column: '?number', path: '?string' };

/** The keyed collections of a view, each with the shape of its items. */
const COLLECTIONS: Readonly<Record<string, Shape>> = {
  sets: SET, deployments: DEPLOYMENT, replicaSets: REPLICA_SET, pods: POD, claims: CLAIM, volumes: VOLUME, classes: CLASS, nodes: NODE, services: SERVICE,
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fits(value: unknown, type: FieldType): boolean {
  if (type.startsWith('?')) return value === undefined || fits(value, type.slice(1) as FieldType);
  switch (type) {
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'string':
    case 'boolean':
      return typeof value === type;
    case 'object':
      return typeof value === 'object' && value !== null;
    case 'string[]':
      return Array.isArray(value) && value.every((v) => typeof v === 'string');
    default:
      return false;
  }
}

/** The first field of `value` that does not fit `shape` (a path), or undefined when all do. */
function misfit(value: unknown, shape: Shape, path: string): string | undefined {
  if (!isRecord(value)) return path;
  for (const [field, type] of Object.entries(shape)) if (!fits(value[field], type)) return `${path}.${field}`;
  return undefined;
}

function misfitList(value: unknown, shape: Shape, path: string): string | undefined {
  if (!Array.isArray(value)) return path;
  for (let i = 0; i < value.length; i++) {
    const bad = misfit(value[i], shape, `${path}[${i}]`);
    if (bad) return bad;
  }
  return undefined;
}

/** Items with nested lists the page walks: a service's records, a set's revisions, a deployment's conditions. */
function misfitNested(collection: string, items: unknown[], path: string): string | undefined {
  for (let i = 0; i < items.length; i++) {
    const item = items[i] as Record<string, unknown>;
    const at = `${path}[${i}]`;
    const bad =
      collection === 'services' ? misfitList(item['records'], RECORD, `${at}.records`)
      : collection === 'sets' ? misfitList(item['revisions'], REVISION, `${at}.revisions`) ?? (isRecord(item['status']) ? undefined : `${at}.status`)
      : collection === 'deployments' ? (Array.isArray(item['conditions']) ? undefined : `${at}.conditions`) ?? (isRecord(item['status']) ? undefined : `${at}.status`)
      : collection === 'pods' && item['owner'] !== undefined ? misfit(item['owner'], { kind: 'string', name: 'string' }, `${at}.owner`)
      : undefined;
    if (bad) return bad;
  }
  return undefined;
}

function misfitCollection(name: string, value: unknown, path: string): string | undefined {
  const shape = COLLECTIONS[name];
  if (!shape) return path;
  return misfitList(value, shape, path) ?? misfitNested(name, value as unknown[], path);
}

function misfitHints(value: unknown, path: string): string | undefined {
  const bad = misfitList(value, HINT, path);
  if (bad) return bad;
  return (value as { params: unknown }[]).findIndex((h) => !isRecord(h.params)) >= 0 ? `${path}.params` : undefined;
}

/** Where a whole view does not fit (a path like `view.pods[3].ready`), or undefined. */
export function misfitView(view: unknown, path = 'view'): string | undefined {
  if (!isRecord(view)) return path;
  if (!fits(view['time'], 'number')) return `${path}.time`;
  for (const name of Object.keys(COLLECTIONS)) {
    const bad = misfitCollection(name, view[name], `${path}.${name}`);
    if (bad) return bad;
  }
  return misfitList(view['events'], EVENT, `${path}.events`) ?? misfitHints(view['hints'], `${path}.hints`);
}

/** Where a diff does not fit, or undefined. */
export function misfitDiff(diff: unknown, path = 'diff'): string | undefined {
  if (!isRecord(diff)) return path;
  if (!fits(diff['time'], 'number')) return `${path}.time`;
  const { upserts, removes } = diff;
  if (!isRecord(upserts)) return `${path}.upserts`;
  if (!isRecord(removes)) return `${path}.removes`;
  for (const [name, items] of Object.entries(upserts)) {
    const bad = misfitCollection(name, items, `${path}.upserts.${name}`);
    if (bad) return bad;
  }
  for (const [name, keys] of Object.entries(removes)) {
    if (!COLLECTIONS[name] || !fits(keys, 'string[]')) return `${path}.removes.${name}`;
  }
  if (diff['events'] !== undefined) {
    const bad = misfitList(diff['events'], EVENT, `${path}.events`);
    if (bad) return bad;
  }
  if (diff['eventRemoves'] !== undefined && !fits(diff['eventRemoves'], 'string[]')) return `${path}.eventRemoves`;
  return diff['hints'] === undefined ? undefined : misfitHints(diff['hints'], `${path}.hints`);
}

/** The timeline's lists: a cursor that is a time or null, numbers for instants, marks with a time and words. */
function misfitTimeline(value: Record<string, unknown>): string | undefined {
  const cursor = value['cursor'];
  if (cursor !== null && !fits(cursor, 'number')) return 'timeline.cursor';
  const instants = value['instants'];
  if (!Array.isArray(instants) || !instants.every((t) => fits(t, 'number'))) return 'timeline.instants';
  const marks = value['marks'];
  if (!Array.isArray(marks)) return 'timeline.marks';
  const bad = marks.findIndex((m) => !isRecord(m) || !fits(m['t'], 'number') || !fits(m['kind'], 'string') || !fits(m['label'], 'string'));
  return bad === -1 ? undefined : `timeline.marks[${bad}]`;
}

/** The scalar fields of each message type; views, diffs and lists are checked apart. */
const MESSAGE_FIELDS: Readonly<Record<SimToUi['type'], Shape>> = {
  ready: {},
  pong: { reqId: 'number' },
  frame: { seq: 'number' },
  diff: { seq: 'number', baseSeq: 'number' },
  result: { reqId: 'number', ok: 'boolean', message: 'string', restoreError: '?string' },
  snapshot: { reqId: 'number', json: '?string' },
  kubectl: { reqId: 'number', code: 'number', stdout: 'string', stderr: 'string', watching: '?boolean', prompt: '?string', waiting: '?string' },
  stream: { reqId: 'number', stdout: 'string', stderr: '?string', end: '?object' },
  error: { message: 'string', reqId: '?number' },
  timeline: { start: 'number', end: 'number', total: 'number' },
  record: { reqId: 'number', cursor: 'number' },
};

/** Checks one message from the host; the reason names the first thing wrong. */
export function validateSimToUi(value: unknown): Verdict {
  if (!isRecord(value)) return { ok: false, reason: 'not an object' };
  if (value['v'] !== PROTOCOL_VERSION) return { ok: false, reason: `protocol version ${String(value['v'])}, expected ${PROTOCOL_VERSION}` };
  const type = value['type'];
  if (typeof type !== 'string' || !SIM_TYPES.has(type)) return { ok: false, reason: `unknown type ${String(type)}` };
  const fields = MESSAGE_FIELDS[type as SimToUi['type']];
  const bad =
    misfit(value, fields, type) ??
    (type === 'frame' ? misfitView(value['view']) : undefined) ??
    (type === 'diff' ? misfitDiff(value['diff']) : undefined) ??
    (type === 'result' && value['diagnostics'] !== undefined ? misfitList(value['diagnostics'], DIAGNOSTIC, 'result.diagnostics') : undefined) ??
    (type === 'timeline' ? misfitTimeline(value) : undefined) ??
    (type === 'record' && value['record'] !== null && !isRecord(value['record']) ? 'record.record' : undefined);
  return bad ? { ok: false, reason: `bad field ${bad}` } : { ok: true, message: value as SimToUi };
}
