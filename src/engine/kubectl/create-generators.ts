/**
 * `kubectl create <kind> NAME …` (kubectl/pkg/cmd/create): the objects kubectl builds from flags and
 * sends to the server as they are, leaving defaults to the API server. Deployment
 * (create_deployment.go), ServiceAccount (create_serviceaccount.go), Namespace (create_namespace.go)
 * and generic Secret (create_secret.go, --from-literal only).
 */
import { resolveKind } from '../model/kinds.ts';
import type { K8sObject } from '../model/types.ts';
import { randomSuffix } from '../sim/rng.ts';
import { fail, ok, type CommandHandler, type Invocation, type KubectlContext, type KubectlResult } from './types.ts';

/** NameFromCommandArgs: the first positional word, or a usage error. */
function nameFrom(inv: Invocation, sub: string): string | KubectlResult {
  const name = inv.args.find((a) => a !== '--');
  if (name === undefined || inv.args[0] === '--') return fail(`error: NAME is required\nSee 'kubectl create ${sub} -h' for help and examples`);
  return name;
}

/** Sends the object as kubectl's Create does; the success line is the name printer's `… created`. */
function send(ctx: KubectlContext, obj: Record<string, unknown>, what: string): KubectlResult {
  const created = ctx.api.create(obj as unknown as K8sObject);
  ctx.engine.runQueues();
  // The command wraps the server's error with %v: kubectl prints it as plain text.
  if (!created.ok) return fail(`error: failed to create ${what}${what === 'secret' ? ' ' : ': '}${created.error.message}`);
  const info = resolveKind(created.object.kind);
  return ok(`${info?.singularQualified ?? created.object.kind.toLowerCase()}/${created.object.metadata.name} created`);
}

function dryRunUnsupported(inv: Invocation): KubectlResult | undefined {
  if (inv.flags.has('dry-run')) return fail('error: "kubectl create --dry-run" is not available in this playground yet');
  if (inv.flags.has('output')) return fail('error: "kubectl create -o" is not available in this playground yet');
  return undefined;
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
  const unsupported = dryRunUnsupported(inv);
  if (unsupported) return unsupported;
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
  const namespace = inv.namespace;
  return send(
    ctx,
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, namespace, labels },
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
  const unsupported = dryRunUnsupported(inv);
  if (unsupported) return unsupported;
  const name = nameFrom(inv, 'serviceaccount');
  if (typeof name !== 'string') return name;
  return send(ctx, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace: inv.namespace } }, 'serviceaccount');
};

/** NamespaceOptions.createNamespace. */
const createNamespace: CommandHandler = (ctx, inv) => {
  const unsupported = dryRunUnsupported(inv);
  if (unsupported) return unsupported;
  const name = nameFrom(inv, 'namespace');
  if (typeof name !== 'string') return name;
  const obj = { apiVersion: 'v1', kind: 'Namespace', metadata: { name }, spec: {}, status: {} };
  const created = ctx.api.create(obj as unknown as K8sObject);
  ctx.engine.runQueues();
  if (!created.ok) return fail(`Error from server (${created.error.reason}): ${created.error.message}`);
  return ok(`namespace/${name} created`);
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
  const unsupported = dryRunUnsupported(inv);
  if (unsupported) return unsupported;
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
  const obj: Record<string, unknown> = { apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace: inv.namespace }, data };
  const type = inv.flags.get('type');
  if (type) obj['type'] = type;
  return send(ctx, obj, 'secret');
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
};
