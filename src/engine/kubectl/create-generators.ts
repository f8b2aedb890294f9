/**
 * `kubectl create <kind> NAME …` (kubectl/pkg/cmd/create): the objects kubectl builds from flags and
 * sends to the server as they are, leaving defaults to the API server. Deployment
 * (create_deployment.go), ServiceAccount, Namespace, generic Secret and ConfigMap (--from-literal
 * only), PodDisruptionBudget, Role, ClusterRole, RoleBinding and ClusterRoleBinding.
 */
import { resolveKind } from '../model/kinds.ts';
import { parseSelector } from '../model/labels.ts';
import type { K8sObject } from '../model/types.ts';
import { randomSuffix } from '../sim/rng.ts';
import { toJson, toYaml } from './get-encode.ts';
import { fail, ok, type CommandHandler, type Invocation, type KubectlContext, type KubectlResult } from './types.ts';

/** NameFromCommandArgs: the first positional word, or a usage error. */
function nameFrom(inv: Invocation, sub: string): string | KubectlResult {
  const name = inv.args.find((a) => a !== '--');
  if (name === undefined || inv.args[0] === '--') return fail(`error: NAME is required\nSee 'kubectl create ${sub} -h' for help and examples`);
  return name;
}

type DryRun = 'none' | 'client' | 'server';

/** GetDryRunStrategy: none, client or server. */
function dryRunOf(inv: Invocation): DryRun | KubectlResult {
  const value = inv.flags.get('dry-run');
  if (value === undefined || value === 'none') return 'none';
  if (value === 'client' || value === 'server') return value;
  return fail(`error: Invalid dry-run value (${value}). Must be "none", "server", or "client".`);
}

/** The print flags of a create command: the name printer, or yaml / json of the object. */
function outputOf(inv: Invocation): string | KubectlResult {
  const output = inv.flags.get('output') ?? '';
  if (['', 'name', 'yaml', 'json'].includes(output)) return output;
  return fail(`error: unable to match a printer suitable for the output format "${output}", allowed formats are: json,name,yaml`);
}

/** The printer after a create: `kind.group/name created`, with the dry-run suffix kubectl adds. */
function printCreated(obj: K8sObject, output: string, dryRun: DryRun): KubectlResult {
  if (output === 'yaml') return ok(toYaml(obj));
  if (output === 'json') return ok(toJson(obj));
  const info = resolveKind(obj.kind);
  const name = `${info?.singularQualified ?? obj.kind.toLowerCase()}/${obj.metadata.name}`;
  if (output === 'name') return ok(name);
  return ok(`${name} created${dryRun === 'client' ? ' (dry run)' : dryRun === 'server' ? ' (server dry run)' : ''}`);
}

/**
 * Sends the object as kubectl's Create does (or only prints it for --dry-run=client); `what` is the
 * noun the command wraps a server error with; `wrap` is false for commands that return it as is.
 */
function send(ctx: KubectlContext, inv: Invocation, obj: Record<string, unknown>, what: string, wrap = true): KubectlResult {
  const dryRun = dryRunOf(inv);
  if (typeof dryRun !== 'string') return dryRun;
  const output = outputOf(inv);
  if (typeof output !== 'string') return output;
  if (dryRun === 'client') return printCreated(obj as unknown as K8sObject, output, dryRun);
  // The request goes to the command's namespace, which the server writes into the object.
  const meta = obj['metadata'] as Record<string, unknown>;
  const request = resolveKind(String(obj['kind']))?.namespaced && meta['namespace'] === undefined ? { ...obj, metadata: { ...meta, namespace: inv.namespace } } : obj;
  const created = ctx.api.create(request as unknown as K8sObject, dryRun === 'server' ? { dryRun: true } : {});
  ctx.engine.runQueues();
  if (!created.ok) {
    if (!wrap) return fail(`Error from server (${created.error.reason}): ${created.error.message}`);
    // The command wraps the server's error with %v: kubectl prints it as plain text.
    return fail(`error: failed to create ${what}${what === 'secret' ? ' ' : ': '}${created.error.message}`);
  }
  return printCreated(created.object, output, dryRun);
}

/** The namespace kubectl writes into the object: only when -n was given (EnforceNamespace). */
function enforcedNamespace(inv: Invocation): Record<string, string> {
  return inv.flags.has('namespace') ? { namespace: inv.namespace } : {};
}

/** Go's strconv.ParseInt for an int32 flag, as cobra words its failure. */
function int32Flag(inv: Invocation, flag: string, fallback: number): number | KubectlResult {
  const text = inv.flags.get(flag);
  if (text === undefined) return fallback;
  if (!/^[+-]?\d+$/.test(text) || Math.abs(Number(text)) > 2147483647) {
    return fail(`error: invalid argument "${text}" for "${flag === 'replicas' ? '-r, --replicas' : `--${flag}`}" flag: strconv.ParseInt: parsing "${text}": invalid syntax`);
  }
  return Number(text);
}

/** sanitizeAndUniquify: `_` and `.` become `-`, and a random suffix keeps such names apart. */
function sanitizeAndUniquify(ctx: KubectlContext, name: string): string {
  if (!/[_.]/.test(name)) return name;
  return `${name.replace(/[_.]/g, '-')}-${randomSuffix(ctx.engine.state, 5)}`;
}

/** CreateDeploymentOptions.createDeployment. */
const createDeployment: CommandHandler = (ctx, inv) => {
  // cobra checks required flags before the command runs.
  const images = inv.flags.all('image').flatMap((v) => v.split(',')).filter(Boolean);
  if (images.length === 0) return fail('error: required flag(s) "image" not set');
  const name = nameFrom(inv, 'deployment');
  if (typeof name !== 'string') return name;
  const dash = inv.args.indexOf('--');
  const command = dash >= 0 ? inv.args.slice(dash + 1) : inv.args.slice(inv.args.indexOf(name) + 1);
  if (images.length > 1 && command.length > 0) return fail('error: cannot specify multiple --image options and command');
  const replicas = int32Flag(inv, 'replicas', 1);
  if (typeof replicas !== 'number') return replicas;
  const port = int32Flag(inv, 'port', -1);
  if (typeof port !== 'number') return port;
  const labels = { app: name };
  const containers = images.map((image) => {
    let base = image.split('/').pop() ?? image;
    if (base.includes(':')) base = base.split(':')[0] ?? base;
    if (base.includes('@')) base = base.split('@')[0] ?? base;
    const container: Record<string, unknown> = { name: sanitizeAndUniquify(ctx, base), image, resources: {} };
    if (command.length > 0) container['command'] = command;
    return container;
  });
  if (port >= 0 && containers[0]) containers[0]['ports'] = [{ containerPort: port }];
  return send(
    ctx,
    inv,
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, ...enforcedNamespace(inv), labels },
      spec: {
        replicas,
        selector: { matchLabels: labels },
        template: { metadata: { labels }, spec: { containers } },
        strategy: {},
      },
      status: {},
    },
    'deployment'
  );
};

/** CreateServiceAccountOptions.createServiceAccount. */
const createServiceAccount: CommandHandler = (ctx, inv) => {
  const name = nameFrom(inv, 'serviceaccount');
  if (typeof name !== 'string') return name;
  return send(ctx, inv, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, ...enforcedNamespace(inv) } }, 'serviceaccount');
};

/** NamespaceOptions.createNamespace. */
const createNamespace: CommandHandler = (ctx, inv) => {
  const name = nameFrom(inv, 'namespace');
  if (typeof name !== 'string') return name;
  return send(ctx, inv, { apiVersion: 'v1', kind: 'Namespace', metadata: { name }, spec: {}, status: {} }, 'namespace', false);
};

/** Standard base64 of a string's UTF-8 bytes (how a Secret's data travels). */
function base64(text: string): string {
  const bytes: number[] = [];
  for (const ch of text) {
    const c = ch.codePointAt(0) ?? 0;
    if (c < 0x80) bytes.push(c);
    else if (c < 0x800) bytes.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) bytes.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else bytes.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const [a = 0, b, c] = [bytes[i], bytes[i + 1], bytes[i + 2]];
    const n = (a << 16) | ((b ?? 0) << 8) | (c ?? 0);
    out += alphabet[(n >> 18) & 63] ?? '';
    out += alphabet[(n >> 12) & 63] ?? '';
    out += b === undefined ? '=' : alphabet[(n >> 6) & 63] ?? '';
    out += c === undefined ? '=' : alphabet[n & 63] ?? '';
  }
  return out;
}

/** CreateSecretOptions.createSecret for `generic` with --from-literal (and --type). */
const createSecretGeneric: CommandHandler = (ctx, inv) => {
  const name = nameFrom(inv, 'secret generic');
  if (typeof name !== 'string') return name;
  const data: Record<string, string> = {};
  for (const literal of inv.flags.all('from-literal')) {
    const eq = literal.indexOf('=');
    if (eq <= 0) return fail(`error: invalid literal source ${literal}, expected key=value`);
    const key = literal.slice(0, eq);
    if (key in data) return fail(`error: cannot add key ${key}, another key by that name already exists`);
    data[key] = base64(literal.slice(eq + 1));
  }
  const obj: Record<string, unknown> = { apiVersion: 'v1', kind: 'Secret', metadata: { name, ...enforcedNamespace(inv) }, data };
  const type = inv.flags.get('type');
  if (type) obj['type'] = type;
  return send(ctx, inv, obj, 'secret');
};

/** ConfigMapOptions.createConfigMap with --from-literal. */
const createConfigMap: CommandHandler = (ctx, inv) => {
  const name = nameFrom(inv, 'configmap');
  if (typeof name !== 'string') return name;
  const data: Record<string, string> = {};
  for (const literal of inv.flags.all('from-literal')) {
    const eq = literal.indexOf('=');
    if (eq <= 0) return fail(`error: invalid literal source ${literal}, expected key=value`);
    const key = literal.slice(0, eq);
    if (key in data) return fail(`error: cannot add key "${key}", another key by that name already exists in Data for ConfigMap "${name}"`);
    data[key] = literal.slice(eq + 1);
  }
  const obj: Record<string, unknown> = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, ...enforcedNamespace(inv) } };
  if (Object.keys(data).length > 0) obj['data'] = data;
  return send(ctx, inv, obj, 'configmap');
};

/** intstr.Parse: digits become an integer, anything else stays a string. */
function intOrString(text: string): number | string {
  return /^-?\d+$/.test(text) ? Number(text) : text;
}

/** PodDisruptionBudgetOpts: --selector and exactly one of --min-available / --max-unavailable. */
const createPdb: CommandHandler = (ctx, inv) => {
  const name = nameFrom(inv, 'poddisruptionbudget');
  if (typeof name !== 'string') return name;
  const selectorText = inv.flags.get('selector') ?? '';
  const min = inv.flags.get('min-available') ?? '';
  const max = inv.flags.get('max-unavailable') ?? '';
  if (selectorText === '') return fail('error: a selector must be specified');
  if (min === '' && max === '') return fail('error: one of min-available or max-unavailable must be specified');
  if (min !== '' && max !== '') return fail('error: min-available and max-unavailable cannot be both specified');
  if (min !== '' && !/^[0-9]+%?$/.test(min)) return fail('error: invalid format specified for min-available');
  if (max !== '' && !/^[0-9]+%?$/.test(max)) return fail('error: invalid format specified for max-unavailable');
  const selector = parseSelector(selectorText);
  if (!selector) return fail(`error: unable to parse requirement: invalid label selector "${selectorText}"`);
  const clean: Record<string, unknown> = {};
  if (Object.keys(selector.matchLabels ?? {}).length > 0) clean['matchLabels'] = selector.matchLabels;
  if ((selector.matchExpressions ?? []).length > 0) clean['matchExpressions'] = selector.matchExpressions;
  const spec: Record<string, unknown> = { selector: clean };
  if (min !== '') spec['minAvailable'] = intOrString(min);
  else spec['maxUnavailable'] = intOrString(max);
  return send(ctx, inv, { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name, ...enforcedNamespace(inv) }, spec, status: { currentHealthy: 0, desiredHealthy: 0, disruptionsAllowed: 0, expectedPods: 0 } }, 'poddisruptionbudgets');
};

const STANDARD_VERBS = ['*', 'get', 'delete', 'list', 'create', 'update', 'patch', 'watch', 'proxy', 'deletecollection', 'use', 'bind', 'escalate', 'impersonate'];
const SPECIAL_VERBS: Record<string, string[]> = {
  use: ['policy/podsecuritypolicies', 'extensions/podsecuritypolicies'],
  bind: ['rbac.authorization.k8s.io/roles', 'rbac.authorization.k8s.io/clusterroles'],
  escalate: ['rbac.authorization.k8s.io/roles', 'rbac.authorization.k8s.io/clusterroles'],
  impersonate: ['/users', '/serviceaccounts', '/groups', 'authentication.k8s.io/userextras'],
};

/** A comma-separated slice flag, every value given. */
function sliceFlag(inv: Invocation, flag: string): string[] {
  return inv.flags.all(flag).flatMap((v) => v.split(',')).filter(Boolean);
}

/**
 * CreateRoleOptions: verbs and resources (resource[.group][/subresource], short names expanded by
 * the RESTMapper) become one rule per API group (generateResourcePolicyRules).
 */
function policyRules(inv: Invocation, nonResourceURLs: string[], cluster: boolean): { rules: Record<string, unknown>[]; warnings: string } | KubectlResult {
  let verbs: string[] = [];
  for (const v of sliceFlag(inv, 'verb')) {
    if (v === '*') {
      verbs = ['*'];
      break;
    }
    if (!verbs.includes(v)) verbs.push(v);
  }
  if (verbs.length === 0) return fail('error: at least one verb must be specified');
  const resources = sliceFlag(inv, 'resource');
  if (!cluster && resources.length === 0) return fail('error: at least one resource must be specified');
  if (cluster && resources.length === 0 && nonResourceURLs.length === 0) return fail('error: one of resource or nonResourceURL must be specified');
  let warnings = '';
  for (const v of verbs) if (!STANDARD_VERBS.includes(v)) warnings += `Warning: '${v}' is not a standard resource verb
`;
  const byGroup = new Map<string, string[]>();
  for (const r of resources) {
    const slash = r.indexOf('/');
    const sub = slash >= 0 ? r.slice(slash + 1) : '';
    const base = slash >= 0 ? r.slice(0, slash) : r;
    const dot = base.indexOf('.');
    let resource = dot >= 0 ? base.slice(0, dot) : base;
    let group = dot >= 0 ? base.slice(dot + 1) : '';
    if (resource === '') return fail('error: resource must be specified if apiGroup/subresource specified');
    if (resource !== '*') {
      const info = resolveKind(group ? `${resource}.${group}` : resource);
      if (info) {
        resource = info.resource;
        group = info.apiVersion.includes('/') ? info.apiVersion.split('/')[0] ?? '' : '';
      }
      for (const v of verbs) {
        const allowed = SPECIAL_VERBS[v];
        if (allowed && !allowed.includes(`${group}/${resource}`)) return fail(`error: can not perform '${v}' on '${resource}' in group '${group}'`);
      }
    }
    const full = sub ? `${resource}/${sub}` : resource;
    const list = byGroup.get(group) ?? [];
    if (!list.includes(full)) list.push(full);
    byGroup.set(group, list);
  }
  const names: string[] = [];
  for (const n of inv.flags.all('resource-name')) if (!names.includes(n)) names.push(n);
  const rules: Record<string, unknown>[] = [];
  for (const group of [...byGroup.keys()].sort()) {
    const rule: Record<string, unknown> = { verbs, apiGroups: [group], resources: byGroup.get(group) };
    if (names.length > 0) rule['resourceNames'] = names;
    rules.push(rule);
  }
  if (nonResourceURLs.length > 0) rules.push({ verbs, nonResourceURLs });
  return { rules, warnings };
}

function withWarnings(result: KubectlResult, warnings: string): KubectlResult {
  return warnings ? { ...result, stderr: warnings + result.stderr } : result;
}

/** CreateRoleOptions.RunCreateRole: the server's error comes back as is. */
const createRole: CommandHandler = (ctx, inv) => {
  const name = nameFrom(inv, 'role');
  if (typeof name !== 'string') return name;
  const built = policyRules(inv, [], false);
  if ('code' in built) return built;
  return withWarnings(send(ctx, inv, { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name, ...enforcedNamespace(inv) }, rules: built.rules }, 'role', false), built.warnings);
};

/** CreateClusterRoleOptions.RunCreateRole, with --non-resource-url. */
const createClusterRole: CommandHandler = (ctx, inv) => {
  const name = nameFrom(inv, 'clusterrole');
  if (typeof name !== 'string') return name;
  const urls = sliceFlag(inv, 'non-resource-url');
  for (const url of urls) {
    if (!url.startsWith('/')) return fail('error: nonResourceURL should start with /');
    if (url.slice(0, -1).includes('*')) return fail("error: nonResourceURL only supports wildcard matches when '*' is at the end");
  }
  const built = policyRules(inv, urls, true);
  if ('code' in built) return built;
  return withWarnings(send(ctx, inv, { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name }, rules: built.rules }, 'clusterrole', false), built.warnings);
};

/** The subjects of a binding: --user, --group, --serviceaccount namespace:name. */
function subjects(inv: Invocation): Record<string, unknown>[] | KubectlResult {
  const out: Record<string, unknown>[] = [];
  for (const user of inv.flags.all('user')) out.push({ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: user });
  for (const group of inv.flags.all('group')) out.push({ kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: group });
  for (const sa of inv.flags.all('serviceaccount')) {
    const tokens = sa.split(':');
    if (tokens.length !== 2 || !tokens[0] || !tokens[1]) return fail('error: serviceaccount must be <namespace>:<name>');
    out.push({ kind: 'ServiceAccount', namespace: tokens[0], name: tokens[1] });
  }
  return out;
}

/** RoleBindingOptions.createRoleBinding: exactly one of --role and --clusterrole. */
const createRoleBinding: CommandHandler = (ctx, inv) => {
  const name = nameFrom(inv, 'rolebinding');
  if (typeof name !== 'string') return name;
  const role = inv.flags.get('role') ?? '';
  const clusterRole = inv.flags.get('clusterrole') ?? '';
  if ((role === '') === (clusterRole === '')) return fail('error: exactly one of clusterrole or role must be specified');
  const subs = subjects(inv);
  if ('code' in subs) return subs;
  const obj: Record<string, unknown> = {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name, ...enforcedNamespace(inv) },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: role ? 'Role' : 'ClusterRole', name: role || clusterRole },
  };
  if (subs.length > 0) obj['subjects'] = subs;
  return send(ctx, inv, obj, 'rolebinding');
};

/** ClusterRoleBindingOptions: --clusterrole is required. */
const createClusterRoleBinding: CommandHandler = (ctx, inv) => {
  if (!inv.flags.get('clusterrole')) return fail('error: required flag(s) "clusterrole" not set');
  const name = nameFrom(inv, 'clusterrolebinding');
  if (typeof name !== 'string') return name;
  const subs = subjects(inv);
  if ('code' in subs) return subs;
  const obj: Record<string, unknown> = {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: inv.flags.get('clusterrole') },
  };
  if (subs.length > 0) obj['subjects'] = subs;
  return send(ctx, inv, obj, 'clusterrolebinding');
};

/** The `kubectl create` subcommands (with their aliases), each given the words after its name. */
export const CREATE_GENERATORS: Record<string, CommandHandler> = {
  deployment: createDeployment,
  deploy: createDeployment,
  serviceaccount: createServiceAccount,
  sa: createServiceAccount,
  namespace: createNamespace,
  ns: createNamespace,
  'secret generic': createSecretGeneric,
  configmap: createConfigMap,
  cm: createConfigMap,
  poddisruptionbudget: createPdb,
  pdb: createPdb,
  role: createRole,
  clusterrole: createClusterRole,
  rolebinding: createRoleBinding,
  clusterrolebinding: createClusterRoleBinding,
};
