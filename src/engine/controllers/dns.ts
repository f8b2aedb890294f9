/**
 * CoreDNS's `kubernetes` plugin as kubeadm configures it (zone cluster.local, ttl 30), answering
 * from Services and EndpointSlices (endpointSliceToEndpoints drops not-ready endpoints), plus the
 * pod resolver's search path (ndots:5).
 */
import type { ApiServer } from '../api/server.ts';
import type { EndpointSlice, K8sObject, Service } from '../model/types.ts';

export const CLUSTER_DOMAIN = 'cluster.local';
const TTL = 30;
const POD_RECORD = /^(\d{1,3})-(\d{1,3})-(\d{1,3})-(\d{1,3})\.[a-z0-9-]+\.pod\.cluster\.local$/;

export interface DnsRecord {
  name: string;
  type: string;
  ttl: number;
  data: string;
}
export interface DnsAnswer {
  rcode: 'NOERROR' | 'NXDOMAIN';
  records: DnsRecord[];
}

interface ReadyEndpoint {
  ip: string;
  hostname: string;
}

/** What a Service's slices resolve to: ready endpoints in slice-name order, and by lowercased hostname. */
interface ServiceEndpoints {
  readonly all: readonly ReadyEndpoint[];
  readonly byHost: ReadonlyMap<string, readonly ReadyEndpoint[]>;
  /** The first of the Service's slices in storage order (portsOf reads its ports). */
  readonly first: EndpointSlice | undefined;
}

/**
 * Per EndpointSlice list (the API server's shared list of a namespace, replaced whenever a slice
 * is written) and Service name: what its slices answer, so a view asking for a Service and each of
 * its pods reads the slices once between endpoint writes instead of once per name.
 */
const answered = new WeakMap<readonly K8sObject[], Map<string, ServiceEndpoints>>();

/** endpointSliceToEndpoints over the Service's slices: ready (or unknown) endpoints, each IP once. */
function serviceEndpoints(api: ApiServer, svc: Service): ServiceEndpoints {
  const list = api.list('EndpointSlice', svc.metadata.namespace ?? 'default');
  let byService = answered.get(list);
  if (!byService) answered.set(list, (byService = new Map()));
  const known = byService.get(svc.metadata.name);
  if (known) return known;
  const mine = (list as EndpointSlice[]).filter((s) => s.metadata.labels?.['kubernetes.io/service-name'] === svc.metadata.name);
  const all: ReadyEndpoint[] = [];
  const byHost = new Map<string, ReadyEndpoint[]>();
  const seen = new Set<string>();
  for (const slice of mine.toSorted((a, b) => a.metadata.name.localeCompare(b.metadata.name))) {
    for (const ep of slice.endpoints ?? []) {
      if (ep.conditions?.ready === false) continue;
      for (const ip of ep.addresses) {
        if (seen.has(ip)) continue;
        seen.add(ip);
        const endpoint = { ip, hostname: ep.hostname ?? ip.replace(/\./g, '-') };
        all.push(endpoint);
        const host = endpoint.hostname.toLowerCase();
        const same = byHost.get(host);
        if (same) same.push(endpoint);
        else byHost.set(host, [endpoint]);
      }
    }
  }
  const endpoints: ServiceEndpoints = { all, byHost, first: mine[0] };
  byService.set(svc.metadata.name, endpoints);
  return endpoints;
}

function portsOf(svc: Service, slice: EndpointSlice | undefined): { name: string; port: number; protocol: string }[] {
  if (svc.spec.clusterIP === 'None' && slice) {
    return slice.ports.map((p) => ({ name: p.name ?? '', port: p.port ?? 0, protocol: p.protocol ?? 'TCP' }));
  }
  return (svc.spec.ports ?? []).map((p) => ({ name: p.name ?? '', port: p.port, protocol: p.protocol ?? 'TCP' }));
}

/** Answers one fully qualified name (no trailing dot) authoritatively. */
export function answer(api: ApiServer, fqdn: string, type: string): DnsAnswer {
  const name = fqdn.toLowerCase().replace(/\.$/, '');
  const nx: DnsAnswer = { rcode: 'NXDOMAIN', records: [] };
  if (type === 'PTR' || name.endsWith('.in-addr.arpa')) return reverse(api, name);
  if (name === `dns-version.${CLUSTER_DOMAIN}`) {
    return { rcode: 'NOERROR', records: type === 'TXT' ? [{ name: `${name}.`, type: 'TXT', ttl: 28800, data: '"1.1.0"' }] : [] };
  }
  // `pods insecure` (kubeadm's Corefile): a-b-c-d.<ns>.pod.<zone> answers the IP it encodes.
  const podRecord = POD_RECORD.exec(name);
  if (podRecord) {
    const ip = podRecord.slice(1, 5).join('.');
    return { rcode: 'NOERROR', records: type === 'A' ? [{ name: `${name}.`, type: 'A', ttl: TTL, data: ip }] : [] };
  }
  const suffix = `.svc.${CLUSTER_DOMAIN}`;
  if (!name.endsWith(suffix)) return nx;
  const labels = name.slice(0, -suffix.length).split('.');
  if (labels.length < 2 || labels.length > 4) return nx;
  const ns = labels[labels.length - 1] ?? '';
  const svcName = labels[labels.length - 2] ?? '';
  const svc = api.get('Service', ns, svcName) as Service | undefined;
  if (!svc) return nx;
  const svcFqdn = `${svcName}.${ns}${suffix}`;
  const headless = svc.spec.clusterIP === 'None';
  const resolved = serviceEndpoints(api, svc);
  const endpoints = resolved.all;
  const ports = portsOf(svc, resolved.first);

  if (labels.length === 4) {
    // _port._proto.svc.ns: SRV for a named port.
    const [portLabel = '', protoLabel = ''] = labels;
    if (!portLabel.startsWith('_') || !protoLabel.startsWith('_')) return nx;
    const port = ports.find((p) => `_${p.name.toLowerCase()}` === portLabel && `_${p.protocol.toLowerCase()}` === protoLabel);
    if (!port || !port.name) return nx;
    if (headless && endpoints.length === 0) return nx;
    return { rcode: 'NOERROR', records: type === 'SRV' ? srvRecords(name, headless ? endpoints : [], port, svcFqdn) : [] };
  }
  if (labels.length === 3) {
    // endpoint.svc.ns: one ready endpoint by hostname (or dashed IP).
    const host = labels[0] ?? '';
    const matches = resolved.byHost.get(host) ?? [];
    if (matches.length === 0) return nx;
    return {
      rcode: 'NOERROR',
      records: type === 'A' ? matches.map((e) => ({ name: `${name}.`, type: 'A', ttl: TTL, data: e.ip })) : [],
    };
  }
  if (!headless) {
    const ip = svc.spec.clusterIP ?? '';
    if (type === 'A') return { rcode: 'NOERROR', records: [{ name: `${name}.`, type: 'A', ttl: TTL, data: ip }] };
    if (type === 'SRV') {
      const named = ports.filter((p) => p.name);
      return { rcode: 'NOERROR', records: named.flatMap((p) => srvRecords(name, [], p, svcFqdn, named.length)) };
    }
    return { rcode: 'NOERROR', records: [] };
  }
  if (endpoints.length === 0) return nx;
  if (type === 'A') return { rcode: 'NOERROR', records: endpoints.map((e) => ({ name: `${name}.`, type: 'A', ttl: TTL, data: e.ip })) };
  if (type === 'SRV') {
    const all = ports.filter((p) => p.name);
    return { rcode: 'NOERROR', records: all.flatMap((p) => srvRecords(name, endpoints, p, svcFqdn, endpoints.length * all.length)) };
  }
  return { rcode: 'NOERROR', records: [] };
}

function srvRecords(
  name: string,
  endpoints: readonly ReadyEndpoint[],
  port: { port: number },
  svcFqdn: string,
  total?: number
): DnsRecord[] {
  const targets = endpoints.length > 0 ? endpoints.map((e) => `${e.hostname}.${svcFqdn}.`) : [`${svcFqdn}.`];
  const weight = Math.floor(100 / (total ?? targets.length));
  return targets.map((target) => ({ name: `${name}.`, type: 'SRV', ttl: TTL, data: `0 ${weight} ${port.port} ${target}` }));
}

function reverse(api: ApiServer, name: string): DnsAnswer {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\.in-addr\.arpa$/.exec(name);
  if (!m) return { rcode: 'NXDOMAIN', records: [] };
  const ip = [m[4], m[3], m[2], m[1]].join('.');
  const records: DnsRecord[] = [];
  for (const svc of api.list('Service') as Service[]) {
    const ns = svc.metadata.namespace ?? 'default';
    const svcFqdn = `${svc.metadata.name}.${ns}.svc.${CLUSTER_DOMAIN}`;
    if (svc.spec.clusterIP === ip) records.push({ name: `${name}.`, type: 'PTR', ttl: TTL, data: `${svcFqdn}.` });
  }
  if (records.length === 0) {
    for (const svc of api.list('Service') as Service[]) {
      const ns = svc.metadata.namespace ?? 'default';
      const svcFqdn = `${svc.metadata.name}.${ns}.svc.${CLUSTER_DOMAIN}`;
      for (const e of serviceEndpoints(api, svc).all) {
        if (e.ip === ip) records.push({ name: `${name}.`, type: 'PTR', ttl: TTL, data: `${e.hostname}.${svcFqdn}.` });
      }
    }
  }
  return records.length > 0 ? { rcode: 'NOERROR', records } : { rcode: 'NXDOMAIN', records: [] };
}

/** What a pod in `namespace` gets for `query`: the search path with ndots:5, then the name as is. */
export function resolve(api: ApiServer, query: string, type: string, namespace: string): DnsAnswer {
  const name = query.replace(/\.$/, '');
  if (/^\d+\.\d+\.\d+\.\d+$/.test(name) && type === 'PTR') return reverse(api, name.split('.').reverse().join('.') + '.in-addr.arpa');
  const absolute = query.endsWith('.');
  const dots = (name.match(/\./g) ?? []).length;
  const search = [`${namespace}.svc.${CLUSTER_DOMAIN}`, `svc.${CLUSTER_DOMAIN}`, CLUSTER_DOMAIN];
  const candidates = absolute ? [name] : dots >= 5 ? [name, ...search.map((s) => `${name}.${s}`)] : [...search.map((s) => `${name}.${s}`), name];
  let nodata: DnsAnswer | undefined;
  for (const candidate of candidates) {
    const result = answer(api, candidate, type);
    if (result.rcode === 'NOERROR' && result.records.length > 0) return result;
    if (result.rcode === 'NOERROR') nodata ??= result;
  }
  return nodata ?? { rcode: 'NXDOMAIN', records: [] };
}
