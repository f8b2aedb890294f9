/**
 * `kubectl explain TYPE[.field…] [--recursive]` (kubectl/pkg/cmd/explain, the OpenAPI v3 plaintext
 * template of pkg/explain/v2): GROUP/KIND/VERSION, the FIELD line for a path, DESCRIPTION wrapped
 * under a four-space indent, then FIELDS with `<type>` and `-required-`. The schema is the playground's
 * own (explain-schema.ts, generated from the editor's JSON Schema), so the descriptions are the
 * playground's words rather than the API server's.
 */
import { resolveKind } from '../model/kinds.ts';
import { EXPLAIN_SCHEMA, EXPLAIN_TYPES, type ExplainField } from './explain-schema.ts';
import { fail, ok, type CommandHandler } from './types.ts';

/** What each kind is, in a sentence (the kinds' own doc comments in the API are longer). */
const KIND_DESCRIPTIONS: Record<string, string> = {
  StatefulSet: 'StatefulSet runs a set of Pods with stable identities: each gets an ordinal, a stable network name through its headless Service, and its own PersistentVolumeClaims.',
  Deployment: 'Deployment keeps a number of interchangeable Pods running through ReplicaSets and rolls out changes to their template.',
  ReplicaSet: 'ReplicaSet keeps a number of Pods matching its selector running.',
  Pod: 'Pod is a group of containers that run together on one node and share its network and volumes.',
  Service: 'Service gives a set of Pods one name and, unless headless, one virtual IP.',
  PersistentVolumeClaim: 'PersistentVolumeClaim is a request for storage that a Pod can mount; it binds to one PersistentVolume.',
  PersistentVolume: 'PersistentVolume is a piece of storage in the cluster, provisioned by an administrator or by a StorageClass.',
  StorageClass: 'StorageClass describes how PersistentVolumes of one kind are provisioned.',
  ConfigMap: 'ConfigMap holds configuration data as key/value pairs for Pods to read.',
  Secret: 'Secret holds small amounts of sensitive data, such as passwords or keys, for Pods to read.',
  ServiceAccount: 'ServiceAccount is an identity for processes that run in Pods.',
  PodDisruptionBudget: 'PodDisruptionBudget limits how many Pods of a set may be evicted at the same time.',
  Role: 'Role is a set of permissions within one namespace.',
  ClusterRole: 'ClusterRole is a set of permissions across the cluster.',
  RoleBinding: 'RoleBinding grants the permissions of a Role or ClusterRole to subjects within one namespace.',
  ClusterRoleBinding: 'ClusterRoleBinding grants the permissions of a ClusterRole to subjects across the cluster.',
  Namespace: 'Namespace is a scope for the names of namespaced objects.',
};

/** Wraps text at 76 columns under an indent (the template's `wrap 76 | indent`). */
function wrap(text: string, indent: number): string {
  const pad = ' '.repeat(indent);
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      if (line && line.length + 1 + word.length > 76) {
        lines.push(line);
        line = word;
      } else line = line ? `${line} ${word}` : word;
    }
    lines.push(line);
  }
  return lines.map((l) => `${pad}${l}`).join('\n');
}

function childrenOf(f: ExplainField): Record<string, ExplainField> | undefined {
  return f.fields ?? (f.ref ? EXPLAIN_TYPES[f.ref] : undefined);
}

function fieldLines(fields: Record<string, ExplainField>, recursive: boolean, depth: number): string {
  let out = '';
  for (const [name, f] of Object.entries(fields)) {
    const pad = '  '.repeat(depth + 1);
    out += `${pad}${name}\t<${f.type}>${f.required ? ' -required-' : ''}\n`;
    if (recursive) {
      const sub = childrenOf(f);
      if (sub && depth < 10) out += fieldLines(sub, true, depth + 1);
      continue;
    }
    if (f.description) out += `${wrap(f.description, 4)}\n`;
    out += '\n';
  }
  return out;
}

const explain: CommandHandler = (_ctx, inv) => {
  const unknown = inv.flags.unknown(['recursive', 'api-version', 'output', 'context', 'namespace']);
  if (unknown.length > 0) return fail(`error: unknown flag: ${unknown[0] ?? ''}\nSee 'kubectl explain --help' for usage.`);
  const [path] = inv.args;
  if (!path) return fail("error: You must specify the type of resource to explain. Use \"kubectl api-resources\" for a complete list of supported resources.\n\nSee 'kubectl explain -h' for help and examples");
  const [type = '', ...fieldPath] = path.split('.');
  const info = resolveKind(type);
  if (!info) return fail(`error: the server doesn't have a resource type "${type}"`);
  const schema = EXPLAIN_SCHEMA[info.kind];
  if (!schema) return fail(`error: couldn't find resource for "${info.resource}"`);
  const recursive = inv.flags.has('recursive') && inv.flags.get('recursive') !== 'false';
  const slash = schema.apiVersion.indexOf('/');
  const group = slash >= 0 ? schema.apiVersion.slice(0, slash) : '';
  const version = slash >= 0 ? schema.apiVersion.slice(slash + 1) : schema.apiVersion;
  let out = `${group ? `GROUP:      ${group}\n` : ''}KIND:       ${info.kind}\nVERSION:    ${version}\n\n`;
  let fields: Record<string, ExplainField> | undefined = schema.fields;
  let description = KIND_DESCRIPTIONS[info.kind] ?? '';
  if (fieldPath.length > 0) {
    let current: ExplainField | undefined;
    for (const name of fieldPath) {
      const next: ExplainField | undefined = fields?.[name];
      if (!next) return fail(`error: field "${name}" does not exist`);
      current = next;
      fields = childrenOf(next);
    }
    const f = current as ExplainField;
    out += `FIELD: ${fieldPath[fieldPath.length - 1] ?? ''} <${f.type}>\n\n\n`;
    description = f.description ?? '';
  }
  out += `DESCRIPTION:\n${description ? `${wrap(description, 4)}\n` : ''}`;
  if (fields && Object.keys(fields).length > 0) out += `    \nFIELDS:\n${fieldLines(fields, recursive, 0)}`;
  return ok(out.replace(/\n*$/, '\n'));
};

export const EXPLAIN_COMMANDS: Record<string, CommandHandler> = { explain };
