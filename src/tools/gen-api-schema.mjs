#!/usr/bin/env node
/**
 * Generates src/engine/api/schema-data.ts: the field names and Go types of the v1 API objects the
 * playground serves, read from the Go type definitions of k8s.io/api and k8s.io/apimachinery at a
 * release tag. The engine's decoder (decode.ts) walks a manifest against this table to report what
 * the apiserver's JSON decoder reports: unknown fields (strict field validation) and values of the
 * wrong JSON type, in Go's words.
 *
 * Usage: node src/tools/gen-api-schema.mjs <k8s.io/api git dir> <k8s.io/apimachinery git dir> [tag]
 * (both read with `git show <tag>:<path>`; tag defaults to v0.36.3, the Kubernetes v1.36 line).
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const [apiDir, machineryDir, tag = 'v0.36.3'] = process.argv.slice(2);
if (!apiDir || !machineryDir) {
  console.error('usage: gen-api-schema.mjs <api git dir> <apimachinery git dir> [tag]');
  process.exit(2);
}

const show = (dir, path) => execFileSync('git', ['--git-dir', dir, 'show', `${tag}:${path}`], { encoding: 'utf8', maxBuffer: 64 << 20 });

/** Go package → its files, and the import aliases its files use for the other packages. */
const PACKAGES = {
  core: { dir: apiDir, files: ['core/v1/types.go'], go: 'v1' },
  apps: { dir: apiDir, files: ['apps/v1/types.go'], go: 'v1' },
  policy: { dir: apiDir, files: ['policy/v1/types.go'], go: 'v1' },
  rbac: { dir: apiDir, files: ['rbac/v1/types.go'], go: 'v1' },
  storage: { dir: apiDir, files: ['storage/v1/types.go'], go: 'v1' },
  discovery: { dir: apiDir, files: ['discovery/v1/types.go'], go: 'v1' },
  meta: { dir: machineryDir, files: ['pkg/apis/meta/v1/types.go', 'pkg/apis/meta/v1/time.go', 'pkg/apis/meta/v1/micro_time.go', 'pkg/apis/meta/v1/duration.go'], go: 'v1' },
};
const ALIASES = {
  core: { metav1: 'meta', v1: 'core' },
  apps: { metav1: 'meta', v1: 'core' },
  policy: { metav1: 'meta', v1: 'core' },
  rbac: { metav1: 'meta' },
  storage: { metav1: 'meta', v1: 'core' },
  discovery: { metav1: 'meta', v1: 'core' },
  meta: {},
};
/** Types with their own UnmarshalJSON (or none of Go's plain kinds): the decoder treats them specially. */
const SPECIAL = {
  'meta.Time': 'time',
  'meta.MicroTime': 'time',
  'meta.Duration': 'duration',
  'meta.FieldsV1': 'any',
  'meta.Status': 'any',
  'resource.Quantity': 'quantity',
  'intstr.IntOrString': 'intorstring',
  'runtime.RawExtension': 'any',
  'types.UID': 'string:types.UID',
};

/** pkg → name → { kind: 'struct', fields } | { kind: 'named', underlying } */
const decls = {};
for (const [pkg, { dir, files }] of Object.entries(PACKAGES)) {
  decls[pkg] = {};
  for (const file of files) parseGo(pkg, show(dir, file));
}

function parseGo(pkg, text) {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    let m = /^type (\w+) struct \{\s*$/.exec(line);
    if (m) {
      const fields = [];
      let inBlock = false;
      for (i++; i < lines.length && lines[i] !== '}'; i++) {
        const f = lines[i].replace(/^\s+/, '');
        if (inBlock) {
          inBlock = !f.includes('*/');
          continue;
        }
        if (f.startsWith('/*')) {
          inBlock = !f.includes('*/');
          continue;
        }
        if (f.startsWith('//') || f === '') continue;
        const tagMatch = /`([^`]*)`/.exec(f);
        const json = tagMatch ? /json:"([^"]*)"/.exec(tagMatch[1])?.[1] : undefined;
        const head = f.replace(/`[^`]*`/, '').replace(/\/\/.*$/, '').trim().split(/\s+/);
        if (head.length === 1) {
          // Embedded: inline when tagged so (TypeMeta is `json:",inline"`); ObjectMeta carries a name.
          const embeddedName = json?.split(',')[0] ?? '';
          if (embeddedName === '') fields.push({ embedded: head[0] });
          else fields.push({ name: embeddedName, type: head[0] });
          continue;
        }
        const [name, type] = head;
        if (json === '-' || !/^[A-Z]/.test(name)) continue;
        const jsonName = json === undefined || json.split(',')[0] === '' ? name : json.split(',')[0];
        fields.push({ name: jsonName, type });
      }
      decls[pkg][m[1]] = { kind: 'struct', fields };
      continue;
    }
    m = /^type (\w+) ([\w.[\]*]+)\s*(\/\/.*)?$/.exec(line);
    if (m && m[2] !== 'struct' && m[2] !== 'interface') decls[pkg][m[1]] = { kind: 'named', underlying: m[2] };
  }
}

/** The emitted table: type descriptors, deduplicated, referenced by index. */
const table = [];
const byKey = new Map();
function intern(desc) {
  const key = JSON.stringify(desc);
  let idx = byKey.get(key);
  if (idx === undefined) {
    idx = table.length;
    byKey.set(key, idx);
    table.push(desc);
  }
  return idx;
}
const structIndex = new Map();

/** Resolves a Go type expression written in package `pkg` to a table index. */
function typeRef(pkg, expr) {
  if (expr.startsWith('*')) return typeRef(pkg, expr.slice(1));
  if (expr === '[]byte') return intern({ k: 'bytes', go: '[]uint8' });
  if (expr.startsWith('[]')) {
    const elem = typeRef(pkg, expr.slice(2));
    return intern({ k: 'slice', go: `[]${goName(pkg, expr.slice(2))}`, e: elem });
  }
  const map = /^map\[([\w.]+)\](.+)$/.exec(expr);
  if (map) {
    const elem = typeRef(pkg, map[2]);
    return intern({ k: 'map', go: `map[${goName(pkg, map[1])}]${goName(pkg, map[2])}`, e: elem });
  }
  if (['string', 'bool', 'int32', 'int64', 'int', 'float64', 'float32', 'uint8', 'uint16', 'uint32', 'uint64'].includes(expr)) {
    return intern({ k: scalarKind(expr), go: expr });
  }
  const [qualPkg, name] = qualify(pkg, expr);
  const special = SPECIAL[`${qualPkg}.${name}`];
  if (special) {
    const [k, go] = special.split(':');
    return intern({ k, go: go ?? `${goPkg(qualPkg)}.${name}` });
  }
  const decl = decls[qualPkg]?.[name];
  if (!decl) throw new Error(`unknown type ${expr} in ${pkg}`);
  if (decl.kind === 'named') {
    const under = decl.underlying;
    const go = `${goPkg(qualPkg)}.${name}`;
    if (under.startsWith('[]') || under.startsWith('map[')) {
      const inner = table[typeRef(qualPkg, under)];
      return intern({ ...inner, go });
    }
    const inner = table[typeRef(qualPkg, under)];
    return intern({ k: inner.k, go });
  }
  const skey = `${qualPkg}.${name}`;
  const existing = structIndex.get(skey);
  if (existing !== undefined) return existing;
  const idx = table.length;
  const desc = { k: 'struct', go: `${goPkg(qualPkg)}.${name}`, n: name, f: {} };
  table.push(desc);
  structIndex.set(skey, idx);
  addFields(qualPkg, decl, desc.f);
  return idx;
}

function addFields(pkg, decl, out) {
  for (const field of decl.fields) {
    if ('embedded' in field) {
      const [p, n] = qualify(pkg, field.embedded.replace(/^\*/, ''));
      const inner = decls[p]?.[n];
      if (!inner || inner.kind !== 'struct') throw new Error(`embedded ${field.embedded} in ${pkg}`);
      addFields(p, inner, out);
      continue;
    }
    out[field.name] = typeRef(pkg, field.type);
  }
}

function qualify(pkg, expr) {
  const dot = expr.indexOf('.');
  if (dot < 0) return [pkg, expr];
  const alias = expr.slice(0, dot);
  return [ALIASES[pkg][alias] ?? alias, expr.slice(dot + 1)];
}

function goPkg(pkg) {
  return PACKAGES[pkg]?.go ?? pkg;
}

function goName(pkg, expr) {
  if (expr.startsWith('*')) return `*${goName(pkg, expr.slice(1))}`;
  if (expr.startsWith('[]')) return `[]${goName(pkg, expr.slice(2))}`;
  if (expr === 'byte') return 'uint8';
  if (/^(string|bool|u?int\d*|float\d+)$/.test(expr)) return expr;
  const [p, n] = qualify(pkg, expr);
  return `${goPkg(p)}.${n}`;
}

function scalarKind(expr) {
  if (expr === 'string') return 'string';
  if (expr === 'bool') return 'bool';
  if (expr.startsWith('float')) return 'float';
  return expr === 'int' ? 'int64' : expr;
}

/** The served kinds (model/kinds.ts) and their Go struct. */
const KINDS = {
  Pod: 'core.Pod',
  PersistentVolumeClaim: 'core.PersistentVolumeClaim',
  PersistentVolume: 'core.PersistentVolume',
  Service: 'core.Service',
  Namespace: 'core.Namespace',
  Node: 'core.Node',
  ConfigMap: 'core.ConfigMap',
  Secret: 'core.Secret',
  ServiceAccount: 'core.ServiceAccount',
  Endpoints: 'core.Endpoints',
  Event: 'core.Event',
  StatefulSet: 'apps.StatefulSet',
  ControllerRevision: 'apps.ControllerRevision',
  Deployment: 'apps.Deployment',
  ReplicaSet: 'apps.ReplicaSet',
  PodDisruptionBudget: 'policy.PodDisruptionBudget',
  Role: 'rbac.Role',
  RoleBinding: 'rbac.RoleBinding',
  ClusterRole: 'rbac.ClusterRole',
  ClusterRoleBinding: 'rbac.ClusterRoleBinding',
  StorageClass: 'storage.StorageClass',
  EndpointSlice: 'discovery.EndpointSlice',
};
const kinds = {};
for (const [kind, ref] of Object.entries(KINDS)) {
  const [pkg, name] = ref.split('.');
  kinds[kind] = typeRef(pkg, name);
}

const out = `/**
 * Generated by src/tools/gen-api-schema.mjs from the Go types of k8s.io/api and
 * k8s.io/apimachinery ${tag} (Kubernetes v1.36). Do not edit by hand.
 *
 * TYPES[i] describes one Go type: k is its decoding kind, go its name as Go prints it
 * (reflect.Type.String), n a struct's bare name, f a struct's JSON fields → type index,
 * e a slice's or map's element type index. KINDS maps each served kind to its type index.
 */
export interface GoType {
  k: string;
  go: string;
  n?: string;
  f?: Record<string, number>;
  e?: number;
}

export const TYPES: readonly GoType[] = ${JSON.stringify(table)};

export const KINDS: Readonly<Record<string, number>> = ${JSON.stringify(kinds)};
`;
const target = fileURLToPath(new URL('../engine/api/schema-data.ts', import.meta.url));
writeFileSync(target, out);
console.log(`wrote ${target}: ${table.length} types, ${out.length} bytes`);
