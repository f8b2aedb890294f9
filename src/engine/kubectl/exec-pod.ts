/**
 * What a process inside a pod sees: its file system (image + writable layer + volumes), the
 * kubelet-managed /etc/hosts, /etc/hostname and /etc/resolv.conf, and the cluster network:
 * busybox 1.28 `nslookup` answered by the simulated CoreDNS, and `curl` / `wget` to an nginx-like
 * server in the target pod that serves /usr/share/nginx/html from that pod's volumes.
 *
 * Files on PersistentVolumes live in `engine.state.volumes[pvName]` (snapshotted, outliving pods).
 * The writable layer and emptyDir volumes live in a per-cluster-state table inside this module,
 * keyed by pod uid (and container restart count): they vanish with the pod, and are not part of
 * snapshots.
 */
import { runningContainerEnv, volumeFiles } from '../controllers/pod-config.ts';
import type { EndpointSlice, Pod, PersistentVolumeClaim, Service } from '../model/types.ts';
import type { ClusterState } from '../sim/state.ts';
import { normalize, PLAYGROUND_VOLUME_BYTES, PLAYGROUND_VOLUMES_TOTAL_BYTES, PodFs, storeBytes, type Mount } from './exec-fs.ts';
import { parseQuantity } from '../model/quantity.ts';
import { runProgram, type Machine, type ProcResult } from './exec-shell.ts';
import type { KubectlContext } from './types.ts';
import { recordAccess } from './logs.ts';

const CLUSTER_DOMAIN = 'cluster.local';
const res = (stdout = '', stderr = '', code = 0): ProcResult => ({ stdout, stderr, code });

/** Writable layers and emptyDirs: cluster state object → key → store. Not snapshotted. */
const EPHEMERAL = new WeakMap<ClusterState, Map<string, Record<string, string>>>();

function ephemeral(state: ClusterState, key: string, init: () => Record<string, string>): Record<string, string> {
  let table = EPHEMERAL.get(state);
  if (!table) {
    table = new Map();
    EPHEMERAL.set(state, table);
  }
  let store = table.get(key);
  if (!store) {
    // Forget the stores of pods the kubelet no longer runs.
    for (const k of table.keys()) {
      const uid = /^pod:([^:]+):/.exec(k)?.[1];
      if (uid && !state.pods[uid]) table.delete(k);
    }
    store = init();
    table.set(key, store);
  }
  return store;
}

export function isBusyboxImage(image: string): boolean {
  return /(^|\/)(busybox|alpine)(:|@|$)/.test(image);
}

function servesHttp(image: string): boolean {
  return /nginx/.test(image);
}

function serverToken(image: string): string {
  const m = /(?:^|\/)nginx:(\d+\.\d+\.\d+)/.exec(image);
  return m ? `nginx/${m[1]}` : 'nginx';
}

export const NGINX_INDEX = `<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>

<p>For online documentation and support please refer to
<a href="http://nginx.org/">nginx.org</a>.<br/>
Commercial support is available at
<a href="http://nginx.com/">nginx.com</a>.</p>

<p><em>Thank you for using nginx.</em></p>
</body>
</html>
`;

const NGINX_50X = `<!DOCTYPE html>
<html>
<head>
<title>Error</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
<body>
<h1>An error occurred.</h1>
<p>Sorry, the page you are looking for is currently unavailable.<br/>
Please try again later.</p>
<p>If you are the system administrator of this resource then you should check
the error log for details.</p>
<p><em>Faithfully yours, nginx.</em></p>
</body>
</html>
`;

/** nginx's built-in error page (ngx_http_special_response.c). */
export function nginxErrorPage(status: string, server: string): string {
  return `<html>\n<head><title>${status}</title></head>\n<body>\n<center><h1>${status}</h1></center>\n<hr><center>${server}</center>\n</body>\n</html>\n`;
}

export interface PodIdentity {
  hostname: string;
  fqdn: string;
  ip: string;
}

export function podIdentity(pod: Pod): PodIdentity {
  const hostname = (pod.spec.hostname || pod.metadata.name).slice(0, 63);
  const ns = pod.metadata.namespace ?? 'default';
  const fqdn = pod.spec.subdomain ? `${hostname}.${pod.spec.subdomain}.${ns}.svc.${CLUSTER_DOMAIN}` : hostname;
  return { hostname, fqdn, ip: pod.status?.podIP ?? '' };
}

/** kubelet's managedHostsFileContent. */
export function hostsFile(pod: Pod): string {
  const id = podIdentity(pod);
  let text =
    '# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nfe00::0\tip6-mcastprefix\nfe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n';
  if (id.ip) text += id.fqdn !== id.hostname ? `${id.ip}\t${id.fqdn}\t${id.hostname}\n` : `${id.ip}\t${id.hostname}\n`;
  return text;
}

export function resolvConf(ctx: KubectlContext, pod: Pod): string {
  const ns = pod.metadata.namespace ?? 'default';
  return `search ${ns}.svc.${CLUSTER_DOMAIN} svc.${CLUSTER_DOMAIN} ${CLUSTER_DOMAIN}\nnameserver ${dnsServer(ctx)}\noptions ndots:5\n`;
}

function dnsServer(ctx: KubectlContext): string {
  const svc = ctx.api.get('Service', 'kube-system', 'kube-dns') as Service | undefined;
  return svc?.spec.clusterIP || '10.96.0.10';
}

const DEBIAN_DIRS = ['bin', 'boot', 'dev', 'etc', 'home', 'lib', 'media', 'mnt', 'opt', 'proc', 'root', 'run', 'sbin', 'srv', 'sys', 'tmp', 'usr', 'var'];
const BUSYBOX_DIRS = ['bin', 'dev', 'etc', 'home', 'proc', 'root', 'sys', 'tmp', 'usr', 'var'];

function baseRoot(ctx: KubectlContext, pod: Pod, image: string): Record<string, string> {
  const store: Record<string, string> = {};
  for (const d of isBusyboxImage(image) ? BUSYBOX_DIRS : DEBIAN_DIRS) store[`${d}/`] = '';
  const id = podIdentity(pod);
  store['etc/hosts'] = hostsFile(pod);
  store['etc/hostname'] = `${id.hostname}\n`;
  store['etc/resolv.conf'] = resolvConf(ctx, pod);
  if (servesHttp(image)) {
    store['etc/nginx/'] = '';
    store['var/log/nginx/'] = '';
    store['usr/share/nginx/html/index.html'] = NGINX_INDEX;
    store['usr/share/nginx/html/50x.html'] = NGINX_50X;
  }
  return store;
}

/** The container's mounts: root file system first, then each volumeMount. */
function mountsFor(ctx: KubectlContext, pod: Pod, containerName: string): Mount[] {
  const state = ctx.engine.state;
  const uid = pod.metadata.uid ?? pod.metadata.name;
  const ns = pod.metadata.namespace ?? 'default';
  const container = pod.spec.containers.find((c) => c.name === containerName) ?? pod.spec.containers[0];
  const image = container?.image ?? '';
  const restarts = state.pods[uid]?.containers.find((c) => c.name === containerName)?.restartCount ?? 0;
  const mounts: Mount[] = [{ path: '/', store: ephemeral(state, `pod:${uid}:root:${containerName}:${restarts}`, () => baseRoot(ctx, pod, image)) }];
  for (const vm of container?.volumeMounts ?? []) {
    const volume = (pod.spec.volumes ?? []).find((v) => v.name === vm.name);
    if (!volume) continue;
    const path = normalize(vm.mountPath);
    const rawSub = (vm as { subPath?: unknown }).subPath;
    const subPath = typeof rawSub === 'string' && rawSub ? rawSub.replace(/^\/+|\/+$/g, '') : undefined;
    const base: Omit<Mount, 'store'> = { path, ...(subPath ? { prefix: subPath } : {}), ...(vm.readOnly ? { readOnly: true } : {}) };
    if (volume.persistentVolumeClaim) {
      const claim = ctx.api.get('PersistentVolumeClaim', ns, volume.persistentVolumeClaim.claimName) as PersistentVolumeClaim | undefined;
      const pv = claim?.spec.volumeName;
      if (!pv) continue;
      const store = (state.volumes[pv] ??= {});
      mounts.push({ ...base, store, capacity: volumeCapacity(ctx, pv), ...(volume.persistentVolumeClaim.readOnly ? { readOnly: true } : {}) });
    } else if ('emptyDir' in volume) {
      const sizeLimit = parseQuantity((volume['emptyDir'] as { sizeLimit?: unknown } | undefined)?.sizeLimit);
      mounts.push({ ...base, store: ephemeral(state, `pod:${uid}:emptyDir:${volume.name}`, () => ({})), ...(sizeLimit === undefined ? {} : { capacity: sizeLimit }) });
    } else if ('hostPath' in volume) {
      const hp = (volume['hostPath'] as { path?: string } | undefined)?.path ?? '';
      mounts.push({ ...base, store: ephemeral(state, `host:${pod.spec.nodeName ?? ''}:${hp}`, () => ({})) });
    } else {
      // secret, configMap, projected and downwardAPI volumes hold the kubelet's files; read-only.
      const files = volumeFiles(ctx.api, pod, volume);
      mounts.push({ ...base, store: files && 'files' in files ? { ...files.files } : {}, readOnly: true });
    }
  }
  return mounts;
}

/** A PersistentVolume's room: its declared capacity, within the playground's per-volume and total limits. */
function volumeCapacity(ctx: KubectlContext, pv: string): number {
  const declared = parseQuantity((ctx.api.get('PersistentVolume', undefined, pv)?.['spec'] as { capacity?: { storage?: unknown } } | undefined)?.capacity?.storage);
  let others = 0;
  for (const [name, store] of Object.entries(ctx.engine.state.volumes)) if (name !== pv) others += storeBytes(store);
  return Math.max(0, Math.min(declared ?? Infinity, PLAYGROUND_VOLUME_BYTES, PLAYGROUND_VOLUMES_TOTAL_BYTES - others));
}

export interface ExecTarget {
  pod: Pod;
  container: string;
  tty: boolean;
}

/** A machine for one container of a pod. */
export function machineFor(ctx: KubectlContext, target: ExecTarget): Machine {
  const { pod } = target;
  const container = pod.spec.containers.find((c) => c.name === target.container) ?? pod.spec.containers[0];
  const image = container?.image ?? '';
  const busybox = isBusyboxImage(image);
  const id = podIdentity(pod);
  const env: Record<string, string> = {
    PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
    HOSTNAME: id.hostname,
    HOME: '/root',
    KUBERNETES_SERVICE_HOST: '10.96.0.1',
    KUBERNETES_SERVICE_PORT: '443',
    KUBERNETES_PORT: 'tcp://10.96.0.1:443',
  };
  if (target.tty) env['TERM'] = 'xterm';
  // The kubelet resolved the container's env when it created it; later Secret edits do not reach it.
  const resolved = container ? runningContainerEnv(ctx.api, pod, ctx.engine.state.pods[pod.metadata.uid ?? ''], container) : undefined;
  if (resolved) Object.assign(env, resolved);
  const machine: Machine = {
    fs: new PodFs(mountsFor(ctx, pod, container?.name ?? target.container)),
    hostname: id.hostname,
    fqdn: id.fqdn,
    ip: id.ip,
    busybox,
    missing: new Set(busybox ? ['bash', 'curl'] : []),
    env,
    cwd: '/',
    now: ctx.engine.state.now,
    external: (argv, stdin) => network(ctx, machine, pod, argv, stdin),
  };
  return machine;
}

// ---------------------------------------------------------------- network

function network(ctx: KubectlContext, m: Machine, pod: Pod, argv: string[], stdin: string): ProcResult | undefined {
  void stdin;
  const [name = '', ...args] = argv;
  if (name === 'nslookup') return nslookup(ctx, pod, args);
  if (name === 'curl') return curl(ctx, m, pod, args);
  if (name === 'wget') return wget(ctx, m, pod, args);
  return undefined;
}

function ptrName(ctx: KubectlContext, ip: string, namespace: string): string | undefined {
  const answer = ctx.cluster.resolve(ip, { type: 'PTR', namespace });
  return answer.records[0]?.data.replace(/\.$/, '');
}

/** busybox 1.28 nslookup. */
function nslookup(ctx: KubectlContext, pod: Pod, args: string[]): ProcResult {
  const namespace = pod.metadata.namespace ?? 'default';
  const query = args.find((a) => !a.startsWith('-'));
  if (!query) return res('', 'BusyBox v1.28.4 (2018-05-22 17:00:17 UTC) multi-call binary.\n\nUsage: nslookup [HOST] [SERVER]\n\nQuery the nameserver for the IP address of the given HOST\noptionally using a specified DNS server\n', 1);
  const server = dnsServer(ctx);
  const serverName = ptrName(ctx, server, namespace);
  let out = `Server:    ${server}\nAddress 1: ${server}${serverName ? ` ${serverName}` : ''}\n\n`;
  let ips: string[];
  if (/^\d+\.\d+\.\d+\.\d+$/.test(query)) ips = [query];
  else {
    const answer = ctx.cluster.resolve(query, { type: 'A', namespace });
    ips = answer.records.filter((r) => r.type === 'A').map((r) => r.data);
    if (ips.length === 0) return res(out, `nslookup: can't resolve '${query}'\n`, 1);
  }
  out += `Name:      ${query}\n`;
  ips.forEach((ip, i) => {
    const ptr = ptrName(ctx, ip, namespace);
    out += `Address ${i + 1}: ${ip}${ptr ? ` ${ptr}` : ''}\n`;
  });
  return res(out);
}

type Fetch =
  | { kind: 'unresolved' }
  | { kind: 'refused'; ip: string }
  | { kind: 'response'; ip: string; status: number; reason: string; body: string; server: string; location?: string };

interface ParsedUrl {
  host: string;
  port: number;
  path: string;
  scheme: string;
}

function parseUrl(raw: string): ParsedUrl | undefined {
  const m = /^(?:([a-zA-Z]+):\/\/)?([^/:?#]+)(?::(\d+))?([^#]*)/.exec(raw);
  if (!m) return undefined;
  const scheme = (m[1] ?? 'http').toLowerCase();
  const port = m[3] ? Number(m[3]) : scheme === 'https' ? 443 : 80;
  return { scheme, host: m[2] ?? '', port, path: m[4] || '/' };
}

function podByIp(ctx: KubectlContext, ip: string): Pod | undefined {
  return (ctx.api.list('Pod') as Pod[]).find((p) => p.status?.podIP === ip && p.status.phase !== 'Succeeded' && p.status.phase !== 'Failed');
}

/** The pod a connection to ip:port reaches (kube-proxy picks the first ready endpoint of a ClusterIP). */
function connect(ctx: KubectlContext, ip: string, port: number): { pod: Pod; port: number } | undefined {
  const direct = podByIp(ctx, ip);
  if (direct) return { pod: direct, port };
  const svc = (ctx.api.list('Service') as Service[]).find((s) => s.spec.clusterIP === ip);
  if (!svc) return undefined;
  const svcPort = (svc.spec.ports ?? []).find((p) => p.port === port);
  if (!svcPort) return undefined;
  const ns = svc.metadata.namespace ?? 'default';
  const slices = (ctx.api.list('EndpointSlice', ns) as EndpointSlice[])
    .filter((s) => s.metadata.labels?.['kubernetes.io/service-name'] === svc.metadata.name)
    .sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
  for (const slice of slices) {
    const targetPort = slice.ports.find((p) => (p.name ?? '') === (svcPort.name ?? ''))?.port ?? port;
    for (const ep of slice.endpoints ?? []) {
      if (ep.conditions?.ready === false) continue;
      const pod = ep.addresses[0] ? podByIp(ctx, ep.addresses[0]) : undefined;
      if (pod) return { pod, port: targetPort };
    }
  }
  return undefined;
}

function nginxContainer(pod: Pod): string | undefined {
  const c = pod.spec.containers.find((x) => servesHttp(x.image ?? '') || (x.ports ?? []).some((p) => p.containerPort === 80));
  return c?.name;
}

/** nginx's side of a request: the answer, and its access-log line in the serving container (logs.ts). */
function httpGet(ctx: KubectlContext, self: Pod, url: ParsedUrl): Fetch {
  const served = serve(ctx, self, url);
  if (served.fetch.kind === 'response' && served.pod && served.container) {
    const client = url.host === 'localhost' || url.host === '127.0.0.1' ? '127.0.0.1' : (self.status?.podIP ?? '');
    const agent = self.spec.containers.some((c) => isBusyboxImage(c.image ?? '')) ? 'Wget' : 'curl/7.88.1';
    recordAccess(ctx, served.pod, served.container, { client, path: url.path || '/', status: served.fetch.status, bytes: served.fetch.body.length, agent });
  }
  return served.fetch;
}

function serve(ctx: KubectlContext, self: Pod, url: ParsedUrl): { fetch: Fetch; pod?: Pod; container?: string } {
  const namespace = self.metadata.namespace ?? 'default';
  let ip: string;
  let reached: { pod: Pod; port: number } | undefined;
  if (url.host === 'localhost' || url.host === '127.0.0.1') {
    ip = '127.0.0.1';
    reached = { pod: self, port: url.port };
  } else {
    if (/^\d+\.\d+\.\d+\.\d+$/.test(url.host)) ip = url.host;
    else {
      const answer = ctx.cluster.resolve(url.host, { type: 'A', namespace });
      const first = answer.records.find((r) => r.type === 'A');
      if (!first) return { fetch: { kind: 'unresolved' } };
      ip = first.data;
    }
    reached = connect(ctx, ip, url.port);
  }
  if (!reached || reached.port !== 80 || url.scheme !== 'http') return { fetch: { kind: 'refused', ip } };
  const { pod } = reached;
  const containerName = nginxContainer(pod);
  const rt = ctx.engine.state.pods[pod.metadata.uid ?? ''];
  const node = rt ? ctx.engine.state.nodes[rt.node] : undefined;
  // nginx answers while its container runs and its readiness (which probes the same port) holds.
  if (!containerName || !rt || rt.stage !== 'running' || rt.probeFailing || !node?.up || pod.metadata.deletionTimestamp) return { fetch: { kind: 'refused', ip } };
  const image = pod.spec.containers.find((c) => c.name === containerName)?.image ?? '';
  const server = serverToken(image);
  const fs = machineFor(ctx, { pod, container: containerName, tty: false }).fs;
  const root = '/usr/share/nginx/html';
  let path = url.path.replace(/[?#].*$/, '');
  try {
    path = decodeURIComponent(path);
  } catch {
    return { fetch: { kind: 'response', ip, status: 400, reason: 'Bad Request', body: nginxErrorPage('400 Bad Request', server), server }, pod, container: containerName };
  }
  const abs = normalize(path, '/');
  const fsPath = abs === '/' ? root : `${root}${abs}`;
  const page = (status: number, reason: string) => ({ kind: 'response' as const, ip, status, reason, body: nginxErrorPage(`${status} ${reason}`, server), server });
  const by = (fetch: Fetch) => ({ fetch, pod, container: containerName });
  if (path.endsWith('/')) {
    if (!fs.isDir(fsPath)) return by(page(404, 'Not Found'));
    const index = fs.read(`${fsPath === '/' ? '' : fsPath}/index.html`);
    if (index === undefined) return by(page(403, 'Forbidden'));
    return by({ kind: 'response', ip, status: 200, reason: 'OK', body: index, server });
  }
  const file = fs.read(fsPath);
  if (file !== undefined) return by({ kind: 'response', ip, status: 200, reason: 'OK', body: file, server });
  if (fs.isDir(fsPath)) {
    const location = `http://${url.host}${url.port === 80 ? '' : `:${url.port}`}${abs}/`;
    return by({ ...page(301, 'Moved Permanently'), location });
  }
  return by(page(404, 'Not Found'));
}

function curl(ctx: KubectlContext, m: Machine, pod: Pod, args: string[]): ProcResult {
  let silent = false;
  let showErrors = false;
  let failOnError = false;
  let follow = false;
  let include = false;
  let head = false;
  let output: string | undefined;
  let rawUrl: string | undefined;
  const takesValue = new Set(['-o', '--output', '-m', '--max-time', '--connect-timeout', '-X', '--request', '-H', '--header', '-w', '--write-out', '-d', '--data', '-u', '--user', '-A', '--user-agent', '-e', '--referer']);
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (takesValue.has(a)) {
      const v = args[++i];
      if (a === '-o' || a === '--output') output = v;
      continue;
    }
    if (a.startsWith('--')) {
      if (a === '--silent') silent = true;
      else if (a === '--show-error') showErrors = true;
      else if (a === '--fail') failOnError = true;
      else if (a === '--location') follow = true;
      else if (a === '--include') include = true;
      else if (a === '--head') head = true;
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const c = a[j];
        if (c === 's') silent = true;
        else if (c === 'S') showErrors = true;
        else if (c === 'f') failOnError = true;
        else if (c === 'L') follow = true;
        else if (c === 'i') include = true;
        else if (c === 'I') head = true;
        else if (c === 'o') {
          output = a.slice(j + 1) || args[++i];
          break;
        } else if (c === 'm' || c === 'X' || c === 'H' || c === 'w' || c === 'd') {
          if (j === a.length - 1) i++;
          break;
        }
      }
      continue;
    }
    rawUrl ??= a;
  }
  const error = (code: number, text: string) => res('', silent && !showErrors ? '' : `curl: (${code}) ${text}\n`, code);
  if (!rawUrl) return res('', "curl: try 'curl --help' or 'curl --manual' for more information\n", 2);
  let url = parseUrl(rawUrl);
  if (!url || !url.host) return error(3, `URL rejected: Malformed input to a URL function`);
  if (url.scheme !== 'http' && url.scheme !== 'https') return error(1, `Protocol "${url.scheme}" not supported`);
  let r = httpGet(ctx, pod, url);
  for (let hops = 0; r.kind === 'response' && r.location && hops < 5; hops++) {
    if (!follow) break;
    const next = parseUrl(r.location);
    if (!next) break;
    url = next;
    r = httpGet(ctx, pod, url);
  }
  if (r.kind === 'unresolved') return error(6, `Could not resolve host: ${url.host}`);
  if (r.kind === 'refused') return error(7, `Failed to connect to ${url.host} port ${url.port} after 0 ms: Couldn't connect to server`);
  if (failOnError && r.status >= 400) return error(22, `The requested URL returned error: ${r.status}`);
  const headers =
    `HTTP/1.1 ${r.status} ${r.reason}\r\nServer: ${r.server}\r\nContent-Type: text/html\r\nContent-Length: ${r.body.length}\r\nConnection: keep-alive\r\n` +
    `${r.location ? `Location: ${r.location}\r\n` : ''}${r.status === 200 ? 'Accept-Ranges: bytes\r\n' : ''}\r\n`;
  let body = head ? headers : include ? headers + r.body : r.body;
  if (output !== undefined && output !== '-') {
    const err = m.fs.write(normalize(output, m.cwd), body);
    if (err) return error(23, `Failure writing output to destination, passed ${body.length} returned 0`);
    body = '';
  }
  return res(body);
}

/** busybox wget. */
function wget(ctx: KubectlContext, m: Machine, pod: Pod, args: string[]): ProcResult {
  let quiet = false;
  let output: string | undefined;
  let rawUrl: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === '-O' || a === '--output-document') {
      output = args[++i];
      continue;
    }
    if (a === '-T' || a === '--timeout') {
      i++;
      continue;
    }
    if (a === '-q' || a === '--quiet') {
      quiet = true;
      continue;
    }
    if (/^-[a-zA-Z]/.test(a)) {
      for (let j = 1; j < a.length; j++) {
        const c = a[j];
        if (c === 'q') quiet = true;
        else if (c === 'O') {
          output = a.slice(j + 1) || args[++i];
          break;
        } else if (c === 'T') {
          if (j === a.length - 1) i++;
          break;
        }
      }
      continue;
    }
    rawUrl ??= a;
  }
  if (!rawUrl) return res('', 'BusyBox v1.28.4 (2018-05-22 17:00:17 UTC) multi-call binary.\n\nUsage: wget [-c|--continue] [--spider] [-q|--quiet] [-O|--output-document FILE] URL...\n', 1);
  const url = parseUrl(rawUrl);
  if (!url || !url.host) return res('', `wget: bad address '${rawUrl}'\n`, 1);
  const r = httpGet(ctx, pod, url);
  if (r.kind === 'unresolved') return res('', `wget: bad address '${url.host}'\n`, 1);
  let stderr = quiet ? '' : `Connecting to ${url.host}${url.port === 80 ? '' : `:${url.port}`} (${r.ip}:${url.port})\n`;
  if (r.kind === 'refused') return res('', `${stderr}wget: can't connect to remote host (${r.ip}): Connection refused\n`, 1);
  if (r.status >= 400) return res('', `${stderr}wget: server returned error: HTTP/1.1 ${r.status} ${r.reason}\n`, 1);
  const toStdout = output === '-';
  const file = output ?? (url.path.replace(/[?#].*$/, '').split('/').pop() || 'index.html');
  if (!quiet) {
    const size = String(r.body.length).padStart(5);
    stderr += toStdout
      ? `writing to stdout\n-                    100% |********************************| ${size}  0:00:00 ETA\nwritten to stdout\n`
      : `saving to '${file}'\n${file.padEnd(20)} 100% |********************************| ${size}  0:00:00 ETA\n'${file}' saved\n`;
  }
  if (toStdout) return res(r.body, stderr);
  const err = m.fs.write(normalize(file, m.cwd), r.body);
  if (err) return res('', `${stderr}wget: can't open '${file}': ${err === 'readonly' ? 'Read-only file system' : 'No such file or directory'}\n`, 1);
  return res('', stderr);
}

/** Runs argv in the machine: a program of the image, or undefined when $PATH has no such file. */
export function runInContainer(m: Machine, argv: string[], stdin: string): ProcResult | undefined {
  return runProgram(m, argv, stdin);
}
