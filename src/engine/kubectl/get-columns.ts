/**
 * The server-side tables kubectl shows (pkg/printers/internalversion/printers.go): column names and
 * one row per object, for every kind the playground serves. Wide-only columns (priority 1) are
 * marked; AGE and "(… ago)" are computed against the time the table is rendered.
 */
import type { K8sObject, Pod } from '../model/types.ts';
import { fromRfc3339, rfc3339 } from '../sim/time.ts';
import { humanDuration, printPod } from './printers.ts';

export interface Column {
  name: string;
  /** Priority 1: only with `-o wide`. */
  wide?: boolean;
}

export interface KindTable {
  columns: Column[];
  /** Cells for every column (wide ones included), in column order. */
  row(obj: K8sObject, now: number): string[];
}

type Loose = Record<string, unknown>;

function rec(value: unknown): Loose {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Loose) : {};
}

function arr(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : '';
}

/** translateTimestampSince: `<unknown>` for a missing time, else HumanDuration(now − t). */
export function since(timestamp: unknown, now: number): string {
  const t = fromRfc3339(typeof timestamp === 'string' ? timestamp : undefined);
  if (!Number.isFinite(t)) return '<unknown>';
  return humanDuration(now - t);
}

function age(obj: K8sObject, now: number): string {
  return since(obj.metadata.creationTimestamp, now);
}

/** labels.FormatLabels / FormatLabels of a selector map: sorted `k=v` pairs, `<none>` when empty. */
export function formatLabels(labels: Record<string, string> | undefined): string {
  const keys = Object.keys(labels ?? {}).sort(byteCompare);
  if (keys.length === 0) return '<none>';
  return keys.map((k) => `${k}=${(labels as Record<string, string>)[k]}`).join(',');
}

export function byteCompare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** helper.GetAccessModesAsString: RWO, ROX, RWX, RWOP in that order. */
function accessModes(modes: unknown): string {
  const list = arr(modes).map(str);
  const out: string[] = [];
  if (list.includes('ReadWriteOnce')) out.push('RWO');
  if (list.includes('ReadOnlyMany')) out.push('ROX');
  if (list.includes('ReadWriteMany')) out.push('RWX');
  if (list.includes('ReadWriteOncePod')) out.push('RWOP');
  return out.join(',');
}

function listWithMore(list: string[], more: boolean, count: number, max: number, empty: string): string {
  const joined = list.join(',');
  if (more) return `${joined} + ${count - max} more...`;
  return joined === '' ? empty : joined;
}

const POD: KindTable = {
  columns: [
    { name: 'NAME' }, { name: 'READY' }, { name: 'STATUS' }, { name: 'RESTARTS' }, { name: 'AGE' },
    { name: 'IP', wide: true }, { name: 'NODE', wide: true }, { name: 'NOMINATED NODE', wide: true }, { name: 'READINESS GATES', wide: true },
  ],
  row(obj, now) {
    const pod = obj as Pod;
    const cols = printPod(obj);
    let restarts = String(cols.restarts);
    if (cols.restarts !== 0 && cols.lastRestartAt !== undefined) restarts = `${cols.restarts} (${humanDuration(now - cols.lastRestartAt)} ago)`;
    const status = rec(pod.status);
    const spec = rec(pod.spec);
    const ip = str(rec(arr(status['podIPs'])[0])['ip']) || '<none>';
    const gates = arr(spec['readinessGates']);
    let readiness = '<none>';
    if (gates.length > 0) {
      const conditions = arr(status['conditions']).map(rec);
      let trueCount = 0;
      for (const gate of gates) {
        const cond = conditions.find((c) => c['type'] === rec(gate)['conditionType']);
        if (cond?.['status'] === 'True') trueCount++;
      }
      readiness = `${trueCount}/${gates.length}`;
    }
    return [
      obj.metadata.name, cols.ready, cols.status, restarts, age(obj, now),
      ip, str(spec['nodeName']) || '<none>', str(status['nominatedNodeName']) || '<none>', readiness,
    ];
  },
};

function containerCells(spec: unknown): [string, string] {
  const containers = arr(rec(spec)['containers']).map(rec);
  return [containers.map((c) => str(c['name'])).join(','), containers.map((c) => str(c['image'])).join(',')];
}

const STATEFULSET: KindTable = {
  columns: [{ name: 'NAME' }, { name: 'READY' }, { name: 'AGE' }, { name: 'CONTAINERS', wide: true }, { name: 'IMAGES', wide: true }],
  row(obj, now) {
    const spec = rec(obj['spec']);
    const status = rec(obj['status']);
    const replicas = typeof spec['replicas'] === 'number' ? spec['replicas'] : 0;
    const ready = typeof status['readyReplicas'] === 'number' ? status['readyReplicas'] : 0;
    const [names, images] = containerCells(rec(spec['template'])['spec']);
    return [obj.metadata.name, `${ready}/${replicas}`, age(obj, now), names, images];
  },
};

function servicePorts(ports: unknown): string {
  const list = arr(ports).map(rec);
  if (list.length === 0) return '<none>';
  return list
    .map((p) => {
      const protocol = str(p['protocol']) || 'TCP';
      const nodePort = typeof p['nodePort'] === 'number' && p['nodePort'] !== 0 ? `:${p['nodePort']}` : '';
      return `${str(p['port'])}${nodePort}/${protocol}`;
    })
    .join(',');
}

const SERVICE: KindTable = {
  columns: [{ name: 'NAME' }, { name: 'TYPE' }, { name: 'CLUSTER-IP' }, { name: 'EXTERNAL-IP' }, { name: 'PORT(S)' }, { name: 'AGE' }, { name: 'SELECTOR', wide: true }],
  row(obj, now) {
    const spec = rec(obj['spec']);
    const type = str(spec['type']) || 'ClusterIP';
    const clusterIP = str(spec['clusterIP']) || '<none>';
    const externalIPs = arr(spec['externalIPs']).map(str);
    let external = externalIPs.length > 0 ? externalIPs.join(',') : '<none>';
    if (type === 'LoadBalancer') {
      const ingress = arr(rec(rec(obj['status'])['loadBalancer'])['ingress']).map(rec);
      const ips = ingress.map((i) => str(i['ip']) || str(i['hostname'])).filter(Boolean);
      const all = [...ips, ...externalIPs];
      external = all.length > 0 ? all.join(',') : '<pending>';
    } else if (type === 'ExternalName') {
      external = str(spec['externalName']);
    }
    const selector = rec(spec['selector']) as Record<string, string>;
    return [obj.metadata.name, type, clusterIP, external, servicePorts(spec['ports']), age(obj, now), formatLabels(selector)];
  },
};

const ENDPOINTS: KindTable = {
  columns: [{ name: 'NAME' }, { name: 'ENDPOINTS' }, { name: 'AGE' }],
  row(obj, now) {
    const subsets = arr(obj['subsets']).map(rec);
    if (subsets.length === 0) return [obj.metadata.name, '<none>', age(obj, now)];
    const list: string[] = [];
    const max = 3;
    let more = false;
    let count = 0;
    for (const ss of subsets) {
      const addresses = arr(ss['addresses']).map(rec);
      const ports = arr(ss['ports']).map(rec);
      if (ports.length === 0) {
        count += addresses.length;
        for (const a of addresses) {
          if (list.length === max) {
            more = true;
            break;
          }
          list.push(str(a['ip']));
        }
        continue;
      }
      for (const port of ports) {
        count += addresses.length;
        for (const a of addresses) {
          if (list.length === max) {
            more = true;
            break;
          }
          const ip = str(a['ip']);
          list.push(`${ip.includes(':') ? `[${ip}]` : ip}:${str(port['port'])}`);
        }
      }
    }
    const joined = list.join(',');
    return [obj.metadata.name, more ? `${joined} + ${count - max} more...` : joined, age(obj, now)];
  },
};

const ENDPOINTSLICE: KindTable = {
  columns: [{ name: 'NAME' }, { name: 'ADDRESSTYPE' }, { name: 'PORTS' }, { name: 'ENDPOINTS' }, { name: 'AGE' }],
  row(obj, now) {
    const max = 3;
    const ports: string[] = [];
    let portsMore = false;
    let portCount = 0;
    for (const p of arr(obj['ports']).map(rec)) {
      if (ports.length < max) ports.push(typeof p['port'] === 'number' ? String(p['port']) : str(p['name']) || '*');
      else portsMore = true;
      portCount++;
    }
    const addrs: string[] = [];
    let addrMore = false;
    let addrCount = 0;
    for (const e of arr(obj['endpoints']).map(rec)) {
      for (const a of arr(e['addresses'])) {
        if (addrs.length < max) addrs.push(str(a));
        else addrMore = true;
        addrCount++;
      }
    }
    return [
      obj.metadata.name, str(obj['addressType']), listWithMore(ports, portsMore, portCount, max, '<unset>'),
      listWithMore(addrs, addrMore, addrCount, max, '<unset>'), age(obj, now),
    ];
  },
};

function claimClass(obj: K8sObject, specClass: unknown): string {
  const beta = obj.metadata.annotations?.['volume.beta.kubernetes.io/storage-class'];
  if (beta !== undefined) return beta;
  return str(specClass);
}

const PVC: KindTable = {
  columns: [
    { name: 'NAME' }, { name: 'STATUS' }, { name: 'VOLUME' }, { name: 'CAPACITY' }, { name: 'ACCESS MODES' },
    { name: 'STORAGECLASS' }, { name: 'VOLUMEATTRIBUTESCLASS' }, { name: 'AGE' }, { name: 'VOLUMEMODE', wide: true },
  ],
  row(obj, now) {
    const spec = rec(obj['spec']);
    const status = rec(obj['status']);
    const phase = obj.metadata.deletionTimestamp ? 'Terminating' : str(status['phase']);
    const volumeName = str(spec['volumeName']);
    let capacity = '';
    let modes = '';
    if (volumeName) {
      modes = accessModes(status['accessModes']);
      capacity = str(rec(status['capacity'])['storage']);
    }
    const vac = str(spec['volumeAttributesClassName']) || '<unset>';
    const mode = str(spec['volumeMode']) || '<unset>';
    return [obj.metadata.name, phase, volumeName, capacity, modes, claimClass(obj, spec['storageClassName']), vac, age(obj, now), mode];
  },
};

const PV: KindTable = {
  columns: [
    { name: 'NAME' }, { name: 'CAPACITY' }, { name: 'ACCESS MODES' }, { name: 'RECLAIM POLICY' }, { name: 'STATUS' }, { name: 'CLAIM' },
    { name: 'STORAGECLASS' }, { name: 'VOLUMEATTRIBUTESCLASS' }, { name: 'REASON' }, { name: 'AGE' }, { name: 'VOLUMEMODE', wide: true },
  ],
  row(obj, now) {
    const spec = rec(obj['spec']);
    const status = rec(obj['status']);
    const claimRef = spec['claimRef'] ? rec(spec['claimRef']) : undefined;
    const claim = claimRef ? `${str(claimRef['namespace'])}/${str(claimRef['name'])}` : '';
    const phase = obj.metadata.deletionTimestamp ? 'Terminating' : str(status['phase']);
    return [
      obj.metadata.name, str(rec(spec['capacity'])['storage']), accessModes(spec['accessModes']), str(spec['persistentVolumeReclaimPolicy']),
      phase, claim, claimClass(obj, spec['storageClassName']), str(spec['volumeAttributesClassName']) || '<unset>', str(status['reason']),
      age(obj, now), str(spec['volumeMode']) || '<unset>',
    ];
  },
};

const STORAGECLASS: KindTable = {
  columns: [{ name: 'NAME' }, { name: 'PROVISIONER' }, { name: 'RECLAIMPOLICY' }, { name: 'VOLUMEBINDINGMODE' }, { name: 'ALLOWVOLUMEEXPANSION' }, { name: 'AGE' }],
  row(obj, now) {
    const ann = obj.metadata.annotations ?? {};
    const isDefault = ann['storageclass.kubernetes.io/is-default-class'] === 'true' || ann['storageclass.beta.kubernetes.io/is-default-class'] === 'true';
    return [
      `${obj.metadata.name}${isDefault ? ' (default)' : ''}`, str(obj['provisioner']), str(obj['reclaimPolicy']) || 'Delete',
      str(obj['volumeBindingMode']) || 'Immediate', obj['allowVolumeExpansion'] === true ? 'true' : 'false', age(obj, now),
    ];
  },
};

const CONTROLLERREVISION: KindTable = {
  columns: [{ name: 'NAME' }, { name: 'CONTROLLER' }, { name: 'REVISION' }, { name: 'AGE' }],
  row(obj, now) {
    const ref = obj.metadata.ownerReferences?.find((r) => r.controller === true);
    let controller = '<none>';
    if (ref) {
      const group = ref.apiVersion.includes('/') ? ref.apiVersion.split('/')[0] : '';
      controller = `${ref.kind.toLowerCase()}${group ? `.${group}` : ''}/${ref.name}`;
    }
    return [obj.metadata.name, controller, str(obj['revision']) || '0', age(obj, now)];
  },
};

const NODE: KindTable = {
  columns: [
    { name: 'NAME' }, { name: 'STATUS' }, { name: 'ROLES' }, { name: 'AGE' }, { name: 'VERSION' },
    { name: 'INTERNAL-IP', wide: true }, { name: 'EXTERNAL-IP', wide: true }, { name: 'OS-IMAGE', wide: true },
    { name: 'KERNEL-VERSION', wide: true }, { name: 'CONTAINER-RUNTIME', wide: true },
  ],
  row(obj, now) {
    const spec = rec(obj['spec']);
    const status = rec(obj['status']);
    const ready = arr(status['conditions']).map(rec).find((c) => c['type'] === 'Ready');
    const states: string[] = [];
    if (ready) states.push(ready['status'] === 'True' ? 'Ready' : 'NotReady');
    else states.push('Unknown');
    if (spec['unschedulable'] === true) states.push('SchedulingDisabled');
    const roles = new Set<string>();
    for (const [key, value] of Object.entries(obj.metadata.labels ?? {})) {
      if (key.startsWith('node-role.kubernetes.io/')) {
        const role = key.slice('node-role.kubernetes.io/'.length);
        if (role) roles.add(role);
      } else if (key === 'kubernetes.io/role' && value) roles.add(value);
    }
    const info = rec(status['nodeInfo']);
    const addresses = arr(status['addresses']).map(rec);
    const address = (type: string) => str(addresses.find((a) => a['type'] === type)?.['address']) || '<none>';
    return [
      obj.metadata.name, states.join(','), roles.size > 0 ? [...roles].sort(byteCompare).join(',') : '<none>', age(obj, now), str(info['kubeletVersion']),
      address('InternalIP'), address('ExternalIP'), str(info['osImage']) || '<unknown>', str(info['kernelVersion']) || '<unknown>',
      str(info['containerRuntimeVersion']) || '<unknown>',
    ];
  },
};

const EVENT: KindTable = {
  columns: [
    { name: 'LAST SEEN' }, { name: 'TYPE' }, { name: 'REASON' }, { name: 'OBJECT' }, { name: 'SUBOBJECT', wide: true }, { name: 'SOURCE', wide: true },
    { name: 'MESSAGE' }, { name: 'FIRST SEEN', wide: true }, { name: 'COUNT', wide: true }, { name: 'NAME', wide: true },
  ],
  row(obj, now) {
    const first = obj['firstTimestamp'] ? since(obj['firstTimestamp'], now) : since(obj['eventTime'], now);
    let last = obj['lastTimestamp'] ? since(obj['lastTimestamp'], now) : first;
    let count = typeof obj['count'] === 'number' ? obj['count'] : 0;
    const series = obj['series'] ? rec(obj['series']) : undefined;
    if (series) {
      last = since(series['lastObservedTime'], now);
      count = typeof series['count'] === 'number' ? series['count'] : count;
    } else if (count === 0) count = 1;
    const involved = rec(obj['involvedObject']);
    const kind = str(involved['kind']).toLowerCase();
    const target = str(involved['name']) ? `${kind}/${str(involved['name'])}` : kind;
    const source = rec(obj['source']);
    let sourceText = str(source['component']);
    if (sourceText && str(source['host'])) sourceText += `, ${str(source['host'])}`;
    if (!sourceText) sourceText = [str(obj['reportingController']), str(obj['reportingInstance'])].filter(Boolean).join(', ');
    return [
      last, str(obj['type']), str(obj['reason']), target, str(involved['fieldPath']), sourceText, str(obj['message']).trim(),
      first, String(count), obj.metadata.name,
    ];
  },
};

const NAMESPACE: KindTable = {
  columns: [{ name: 'NAME' }, { name: 'STATUS' }, { name: 'AGE' }],
  row(obj, now) {
    return [obj.metadata.name, str(rec(obj['status'])['phase']), age(obj, now)];
  },
};

const CONFIGMAP: KindTable = {
  columns: [{ name: 'NAME' }, { name: 'DATA' }, { name: 'AGE' }],
  row(obj, now) {
    const data = Object.keys(rec(obj['data'])).length + Object.keys(rec(obj['binaryData'])).length;
    return [obj.metadata.name, String(data), age(obj, now)];
  },
};

/** intstr.IntOrString.String(): an int prints as a number, a string as itself. */
function intOrString(value: unknown): string {
  return typeof value === 'number' ? String(value) : str(value);
}

/** metav1.FormatLabelSelector: the selector's String(), `<none>` when it selects nothing in particular. */
function formatSelector(selector: unknown): string {
  const text = selectorString(selector);
  return text === '' ? '<none>' : text;
}

/** labels.Selector.String() of a LabelSelector (LabelSelectorAsSelector): requirements sorted by key. */
export function selectorString(selector: unknown): string {
  const sel = rec(selector);
  const reqs: { key: string; text: string }[] = [];
  for (const [key, value] of Object.entries(rec(sel['matchLabels']))) reqs.push({ key, text: `${key}=${str(value)}` });
  for (const e of arr(sel['matchExpressions']).map(rec)) {
    const key = str(e['key']);
    const values = arr(e['values']).map(str).sort(byteCompare);
    switch (e['operator']) {
      case 'In':
        reqs.push({ key, text: `${key} in (${values.join(',')})` });
        break;
      case 'NotIn':
        reqs.push({ key, text: `${key} notin (${values.join(',')})` });
        break;
      case 'Exists':
        reqs.push({ key, text: key });
        break;
      default:
        reqs.push({ key, text: `!${key}` });
    }
  }
  reqs.sort((a, b) => byteCompare(a.key, b.key));
  return reqs.map((r) => r.text).join(',');
}

function num(value: unknown): number {
  return typeof value === 'number' ? value : 0;
}

/** printDeployment: READY is ready/desired; wide adds the containers, images and selector. */
const DEPLOYMENT: KindTable = {
  columns: [
    { name: 'NAME' }, { name: 'READY' }, { name: 'UP-TO-DATE' }, { name: 'AVAILABLE' }, { name: 'AGE' },
    { name: 'CONTAINERS', wide: true }, { name: 'IMAGES', wide: true }, { name: 'SELECTOR', wide: true },
  ],
  row(obj, now) {
    const spec = rec(obj['spec']);
    const status = rec(obj['status']);
    const [names, images] = containerCells(rec(spec['template'])['spec']);
    return [
      obj.metadata.name, `${num(status['readyReplicas'])}/${num(spec['replicas'])}`, String(num(status['updatedReplicas'])),
      String(num(status['availableReplicas'])), age(obj, now), names, images, selectorString(spec['selector']),
    ];
  },
};

/** printReplicaSet: DESIRED, CURRENT and READY counts. */
const REPLICASET: KindTable = {
  columns: [
    { name: 'NAME' }, { name: 'DESIRED' }, { name: 'CURRENT' }, { name: 'READY' }, { name: 'AGE' },
    { name: 'CONTAINERS', wide: true }, { name: 'IMAGES', wide: true }, { name: 'SELECTOR', wide: true },
  ],
  row(obj, now) {
    const spec = rec(obj['spec']);
    const status = rec(obj['status']);
    const [names, images] = containerCells(rec(spec['template'])['spec']);
    return [
      obj.metadata.name, String(num(spec['replicas'])), String(num(status['replicas'])), String(num(status['readyReplicas'])),
      age(obj, now), names, images, formatSelector(spec['selector']),
    ];
  },
};

/** printPodDisruptionBudget: N/A for the bound that is not set. */
const PDB: KindTable = {
  columns: [{ name: 'NAME' }, { name: 'MIN AVAILABLE' }, { name: 'MAX UNAVAILABLE' }, { name: 'ALLOWED DISRUPTIONS' }, { name: 'AGE' }],
  row(obj, now) {
    const spec = rec(obj['spec']);
    const min = spec['minAvailable'] === undefined || spec['minAvailable'] === null ? 'N/A' : intOrString(spec['minAvailable']);
    const max = spec['maxUnavailable'] === undefined || spec['maxUnavailable'] === null ? 'N/A' : intOrString(spec['maxUnavailable']);
    return [obj.metadata.name, min, max, String(num(rec(obj['status'])['disruptionsAllowed'])), age(obj, now)];
  },
};

/** printServiceAccount: SECRETS counts the legacy `secrets` references. */
const SERVICEACCOUNT: KindTable = {
  columns: [{ name: 'NAME' }, { name: 'SECRETS' }, { name: 'AGE' }],
  row(obj, now) {
    return [obj.metadata.name, String(arr(obj['secrets']).length), age(obj, now)];
  },
};

/** printSecret: TYPE and the number of data keys. */
const SECRET: KindTable = {
  columns: [{ name: 'NAME' }, { name: 'TYPE' }, { name: 'DATA' }, { name: 'AGE' }],
  row(obj, now) {
    // The apiserver folds stringData into data; count both in case a write kept them apart.
    const keys = new Set([...Object.keys(rec(obj['data'])), ...Object.keys(rec(obj['stringData']))]);
    return [obj.metadata.name, str(obj['type']), String(keys.size), age(obj, now)];
  },
};

/** rbac.SubjectsStrings: users, groups and `namespace/name` service accounts. */
function subjectsStrings(subjects: unknown): [string, string, string] {
  const users: string[] = [];
  const groups: string[] = [];
  const sas: string[] = [];
  for (const s of arr(subjects).map(rec)) {
    if (s['kind'] === 'ServiceAccount') sas.push(`${str(s['namespace'])}/${str(s['name'])}`);
    else if (s['kind'] === 'User') users.push(str(s['name']));
    else if (s['kind'] === 'Group') groups.push(str(s['name']));
  }
  return [users.join(', '), groups.join(', '), sas.join(', ')];
}

/** printRoleBinding / printClusterRoleBinding: ROLE is `Kind/name`; wide adds the subjects by kind. */
const ROLEBINDING: KindTable = {
  columns: [
    { name: 'NAME' }, { name: 'ROLE' }, { name: 'AGE' },
    { name: 'USERS', wide: true }, { name: 'GROUPS', wide: true }, { name: 'SERVICEACCOUNTS', wide: true },
  ],
  row(obj, now) {
    const ref = rec(obj['roleRef']);
    return [obj.metadata.name, `${str(ref['kind'])}/${str(ref['name'])}`, age(obj, now), ...subjectsStrings(obj['subjects'])];
  },
};

const TABLES: Record<string, KindTable> = {
  Pod: POD,
  StatefulSet: STATEFULSET,
  Service: SERVICE,
  Endpoints: ENDPOINTS,
  EndpointSlice: ENDPOINTSLICE,
  PersistentVolumeClaim: PVC,
  PersistentVolume: PV,
  StorageClass: STORAGECLASS,
  ControllerRevision: CONTROLLERREVISION,
  Node: NODE,
  Event: EVENT,
  Namespace: NAMESPACE,
  ConfigMap: CONFIGMAP,
  Deployment: DEPLOYMENT,
  ReplicaSet: REPLICASET,
  PodDisruptionBudget: PDB,
  ServiceAccount: SERVICEACCOUNT,
  Secret: SECRET,
  RoleBinding: ROLEBINDING,
  ClusterRoleBinding: ROLEBINDING,
};

/**
 * Kinds without a printer (Role, ClusterRole) get the apiserver's default table
 * (rest.NewDefaultTableConvertor): NAME and CREATED AT, the creation time in RFC 3339.
 */
const DEFAULT_TABLE: KindTable = {
  columns: [{ name: 'NAME' }, { name: 'CREATED AT' }],
  row(obj) {
    const t = fromRfc3339(obj.metadata.creationTimestamp);
    return [obj.metadata.name, Number.isFinite(t) ? rfc3339(t) : '0001-01-01T00:00:00Z'];
  },
};

export function tableFor(kind: string): KindTable {
  return TABLES[kind] ?? DEFAULT_TABLE;
}
