/**
 * `kubectl expose` (kubectl/pkg/cmd/expose/expose.go): a Service for a Deployment, ReplicaSet, Pod
 * or Service, its selector and ports taken from the object (MapBasedSelectorForObject,
 * PortsForObject, ProtocolsForObject) unless given as flags.
 */
import { resolveKind } from '../model/kinds.ts';
import type { K8sObject } from '../model/types.ts';
import { toJson, toYaml } from './get-encode.ts';
import { parseResourceArgs } from './mutate.ts';
import { fail, ok, type CommandHandler, type KubectlResult } from './types.ts';

const EXPOSABLE = new Set(['Pod', 'Service', 'Deployment', 'ReplicaSet']);

type Loose = Record<string, unknown>;

function rec(value: unknown): Loose {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Loose) : {};
}

/** MakeLabels: `k=v` pairs sorted by key, comma separated. */
function makeLabels(labels: Record<string, string>): string {
  return Object.keys(labels)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((k) => `${k}=${labels[k] ?? ''}`)
    .join(',');
}

/** parseLabels: `k=v,k2=v2` back to a map. */
function parseLabels(text: string): Record<string, string> | string {
  const out: Record<string, string> = {};
  for (const part of text.split(',')) {
    const eq = part.indexOf('=');
    if (eq <= 0) return `invalid label spec: ${part}`;
    out[part.slice(0, eq)] = part.slice(eq + 1);
  }
  return out;
}

/** MapBasedSelectorForObject. */
function selectorForObject(obj: K8sObject): string | { error: string } {
  const spec = rec(obj['spec']);
  switch (obj.kind) {
    case 'Pod':
      if (Object.keys(obj.metadata.labels ?? {}).length === 0) return { error: 'the pod has no labels and cannot be exposed' };
      return makeLabels(obj.metadata.labels ?? {});
    case 'Service': {
      const selector = rec(spec['selector']) as Record<string, string>;
      if (Object.keys(selector).length === 0) return { error: 'the service has no pod selector set' };
      return makeLabels(selector);
    }
    default: {
      const selector = rec(spec['selector']);
      const matchLabels = rec(selector['matchLabels']) as Record<string, string>;
      const noun = obj.kind === 'Deployment' ? 'deployment' : 'replicaset';
      if (Object.keys(matchLabels).length === 0) return { error: `invalid ${noun}: no selectors, therefore cannot be exposed` };
      const expressions = Array.isArray(selector['matchExpressions']) ? (selector['matchExpressions'] as unknown[]) : [];
      if (expressions.length > 0) return { error: `couldn't convert expressions - "${JSON.stringify(expressions)}" to map-based selector format` };
      return makeLabels(matchLabels);
    }
  }
}

/** The containers' ports of the object's pod spec (or the Service's own ports): port → protocols. */
function portsForObject(obj: K8sObject): { port: string; protocols: string[] }[] {
  const out: { port: string; protocols: string[] }[] = [];
  const add = (port: unknown, protocol: unknown): void => {
    const key = String(port);
    const proto = typeof protocol === 'string' && protocol ? protocol : 'TCP';
    const found = out.find((p) => p.port === key);
    if (!found) out.push({ port: key, protocols: [proto] });
    else if (!found.protocols.includes(proto)) found.protocols.push(proto);
  };
  const spec = rec(obj['spec']);
  if (obj.kind === 'Service') {
    for (const p of (spec['ports'] as unknown[] | undefined) ?? []) add(rec(p)['port'], rec(p)['protocol']);
    return out;
  }
  const podSpec = obj.kind === 'Pod' ? spec : rec(rec(spec['template'])['spec']);
  for (const c of (podSpec['containers'] as unknown[] | undefined) ?? []) {
    for (const p of (rec(c)['ports'] as unknown[] | undefined) ?? []) add(rec(p)['containerPort'], rec(p)['protocol']);
  }
  return out;
}

const expose: CommandHandler = (ctx, inv) => {
  const words = inv.args.filter((a) => a !== '--');
  if (words.length === 0) {
    return fail(
      "error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'"
    );
  }
  const parsed = parseResourceArgs(words, inv.namespace);
  if (parsed.error) return fail(parsed.error);
  const target = parsed.targets[0];
  if (!target) return fail('error: resource(s) were provided, but no name was specified');
  const obj = ctx.api.get(target.info.kind, target.namespace, target.name);
  if (!obj) {
    const group = target.info.apiVersion.includes('/') ? `.${target.info.apiVersion.split('/')[0] ?? ''}` : '';
    return fail(`Error from server (NotFound): ${target.info.resource}${group} "${target.name}" not found`);
  }
  if (!EXPOSABLE.has(obj.kind)) {
    const group = target.info.apiVersion.includes('/') ? `.${target.info.apiVersion.split('/')[0] ?? ''}` : '';
    return fail(`error: cannot expose a ${obj.kind}${group}`);
  }
  const name = (inv.flags.get('name') ?? obj.metadata.name).slice(0, 63);
  let selectorText = inv.flags.get('selector') ?? '';
  if (selectorText === '') {
    const derived = selectorForObject(obj);
    if (typeof derived !== 'string') return fail(`error: couldn't retrieve selectors via --selector flag or introspection: ${derived.error}`);
    selectorText = derived;
  }
  const selector = parseLabels(selectorText);
  if (typeof selector === 'string') return fail(`error: ${selector}`);
  const clusterIP = inv.flags.get('cluster-ip');
  const headless = clusterIP === 'None';
  const known = portsForObject(obj);
  let portList: string[] = [];
  const portFlag = inv.flags.get('port');
  if (portFlag !== undefined && portFlag !== '') portList = [portFlag];
  else if (known.length === 0 && !headless) return fail("error: couldn't find port via --port flag or introspection");
  else portList = known.map((p) => p.port);
  const protocolFlag = inv.flags.get('protocol') ?? '';
  const ports: Loose[] = [];
  for (const [i, text] of portList.entries()) {
    if (!/^[+-]?\d+$/.test(text)) return fail(`error: strconv.Atoi: parsing "${text}": invalid syntax`);
    const port = Number(text);
    const portName = portList.length > 1 ? `port-${i + 1}` : '';
    const protocols = known.find((p) => p.port === text)?.protocols ?? [];
    if (protocolFlag === '' && protocols.length > 1) {
      for (const protocol of protocols) ports.push({ name: `port-${i + 1}-${protocol.toLowerCase()}`, port, protocol });
      continue;
    }
    const protocol = protocolFlag || (protocols.length === 1 ? protocols[0] : 'TCP');
    ports.push({ ...(portName ? { name: portName } : {}), port, protocol });
  }
  const targetPort = inv.flags.get('target-port');
  for (const p of ports) p['targetPort'] = targetPort === undefined ? p['port'] : /^\d+$/.test(targetPort) ? Number(targetPort) : targetPort;
  const labels = inv.flags.get('labels');
  const serviceLabels = labels !== undefined ? parseLabels(labels) : obj.metadata.labels ?? {};
  if (typeof serviceLabels === 'string') return fail(`error: ${serviceLabels}`);
  const spec: Loose = { ports, selector };
  const type = inv.flags.get('type');
  if (type) spec['type'] = type;
  if (clusterIP) spec['clusterIP'] = clusterIP;
  const service: Loose = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { ...(Object.keys(serviceLabels).length > 0 ? { labels: serviceLabels } : {}), name, ...(inv.flags.has('namespace') ? { namespace: inv.namespace } : {}) },
    spec,
    status: { loadBalancer: {} },
  };
  const dryRun = inv.flags.get('dry-run') ?? 'none';
  if (!['none', 'client', 'server'].includes(dryRun)) return fail(`error: Invalid dry-run value (${dryRun}). Must be "none", "server", or "client".`);
  const output = inv.flags.get('output') ?? '';
  if (!['', 'name', 'yaml', 'json'].includes(output)) {
    return fail(`error: unable to match a printer suitable for the output format "${output}", allowed formats are: json,name,yaml`);
  }
  const print = (o: K8sObject): KubectlResult => {
    if (output === 'yaml') return ok(toYaml(o));
    if (output === 'json') return ok(toJson(o));
    const line = `${resolveKind('Service')?.singularQualified ?? 'service'}/${o.metadata.name}`;
    if (output === 'name') return ok(line);
    return ok(`${line} exposed${dryRun === 'client' ? ' (dry run)' : dryRun === 'server' ? ' (server dry run)' : ''}`);
  };
  if (dryRun === 'client') return print(service as unknown as K8sObject);
  const request = { ...service, metadata: { ...rec(service['metadata']), namespace: inv.namespace } };
  const created = ctx.api.create(request as unknown as K8sObject, dryRun === 'server' ? { dryRun: true } : {});
  ctx.engine.runQueues();
  if (!created.ok) return fail(`Error from server (${created.error.reason}): ${created.error.message}`);
  return print(created.object);
};

export const EXPOSE_COMMANDS: Record<string, CommandHandler> = { expose };
