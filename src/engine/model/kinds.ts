/** The API kinds the cluster serves, with the names kubectl accepts for each (RESTMapper short names). */

export interface KindInfo {
  kind: string;
  apiVersion: string;
  /** Resource (plural) name, e.g. `statefulsets`. */
  resource: string;
  /** Group-qualified resource as kubectl prints it, e.g. `statefulset.apps`. */
  singularQualified: string;
  namespaced: boolean;
  aliases: string[];
}

const KINDS: KindInfo[] = [
  { kind: 'Namespace', apiVersion: 'v1', resource: 'namespaces', singularQualified: 'namespace', namespaced: false, aliases: ['ns', 'namespace'] },
  { kind: 'Node', apiVersion: 'v1', resource: 'nodes', singularQualified: 'node', namespaced: false, aliases: ['no', 'node'] },
  { kind: 'Service', apiVersion: 'v1', resource: 'services', singularQualified: 'service', namespaced: true, aliases: ['svc', 'service'] },
  { kind: 'Endpoints', apiVersion: 'v1', resource: 'endpoints', singularQualified: 'endpoints', namespaced: true, aliases: ['ep'] },
  { kind: 'EndpointSlice', apiVersion: 'discovery.k8s.io/v1', resource: 'endpointslices', singularQualified: 'endpointslice.discovery.k8s.io', namespaced: true, aliases: ['endpointslice'] },
  { kind: 'Pod', apiVersion: 'v1', resource: 'pods', singularQualified: 'pod', namespaced: true, aliases: ['po', 'pod'] },
  { kind: 'PersistentVolumeClaim', apiVersion: 'v1', resource: 'persistentvolumeclaims', singularQualified: 'persistentvolumeclaim', namespaced: true, aliases: ['pvc', 'persistentvolumeclaim'] },
  { kind: 'PersistentVolume', apiVersion: 'v1', resource: 'persistentvolumes', singularQualified: 'persistentvolume', namespaced: false, aliases: ['pv', 'persistentvolume'] },
  { kind: 'StorageClass', apiVersion: 'storage.k8s.io/v1', resource: 'storageclasses', singularQualified: 'storageclass.storage.k8s.io', namespaced: false, aliases: ['sc', 'storageclass'] },
  { kind: 'StatefulSet', apiVersion: 'apps/v1', resource: 'statefulsets', singularQualified: 'statefulset.apps', namespaced: true, aliases: ['sts', 'statefulset'] },
  { kind: 'ControllerRevision', apiVersion: 'apps/v1', resource: 'controllerrevisions', singularQualified: 'controllerrevision.apps', namespaced: true, aliases: ['controllerrevision'] },
  { kind: 'ConfigMap', apiVersion: 'v1', resource: 'configmaps', singularQualified: 'configmap', namespaced: true, aliases: ['cm', 'configmap'] },
  { kind: 'Event', apiVersion: 'v1', resource: 'events', singularQualified: 'event', namespaced: true, aliases: ['ev', 'event'] },
  { kind: 'Deployment', apiVersion: 'apps/v1', resource: 'deployments', singularQualified: 'deployment.apps', namespaced: true, aliases: ['deploy', 'deployment'] },
  { kind: 'ReplicaSet', apiVersion: 'apps/v1', resource: 'replicasets', singularQualified: 'replicaset.apps', namespaced: true, aliases: ['rs', 'replicaset'] },
  { kind: 'ServiceAccount', apiVersion: 'v1', resource: 'serviceaccounts', singularQualified: 'serviceaccount', namespaced: true, aliases: ['sa', 'serviceaccount'] },
  { kind: 'Secret', apiVersion: 'v1', resource: 'secrets', singularQualified: 'secret', namespaced: true, aliases: ['secret'] },
  { kind: 'PodDisruptionBudget', apiVersion: 'policy/v1', resource: 'poddisruptionbudgets', singularQualified: 'poddisruptionbudget.policy', namespaced: true, aliases: ['pdb', 'poddisruptionbudget'] },
  { kind: 'Role', apiVersion: 'rbac.authorization.k8s.io/v1', resource: 'roles', singularQualified: 'role.rbac.authorization.k8s.io', namespaced: true, aliases: ['role'] },
  { kind: 'RoleBinding', apiVersion: 'rbac.authorization.k8s.io/v1', resource: 'rolebindings', singularQualified: 'rolebinding.rbac.authorization.k8s.io', namespaced: true, aliases: ['rolebinding'] },
  { kind: 'ClusterRole', apiVersion: 'rbac.authorization.k8s.io/v1', resource: 'clusterroles', singularQualified: 'clusterrole.rbac.authorization.k8s.io', namespaced: false, aliases: ['clusterrole'] },
  { kind: 'ClusterRoleBinding', apiVersion: 'rbac.authorization.k8s.io/v1', resource: 'clusterrolebindings', singularQualified: 'clusterrolebinding.rbac.authorization.k8s.io', namespaced: false, aliases: ['clusterrolebinding'] },
];

/** Kinds kubectl knows but this playground does not simulate: recognised so the error can say so. */
const KNOWN_UNSERVED: Record<string, string> = {
  ds: 'DaemonSet', daemonset: 'DaemonSet', daemonsets: 'DaemonSet',
  job: 'Job', jobs: 'Job', cj: 'CronJob', cronjob: 'CronJob', cronjobs: 'CronJob',
  ing: 'Ingress', ingress: 'Ingress', ingresses: 'Ingress',
};

const BY_NAME = new Map<string, KindInfo>();
for (const info of KINDS) {
  for (const name of [info.kind, info.kind.toLowerCase(), info.resource, ...info.aliases]) BY_NAME.set(name, info);
  const group = info.apiVersion.includes('/') ? info.apiVersion.split('/')[0] : '';
  if (group) BY_NAME.set(`${info.resource}.${group}`, info);
}

/** Kind name → the first KINDS entry of that Kind (what a scan of KINDS finds): read on every create. */
const BY_KIND = new Map<string, KindInfo>();
for (const info of KINDS) if (!BY_KIND.has(info.kind)) BY_KIND.set(info.kind, info);

/** Resolves what a user typed (`sts`, `pods`, `StatefulSet`, `statefulsets.apps`) to a served kind. */
export function resolveKind(name: string): KindInfo | undefined {
  return BY_NAME.get(name) ?? BY_NAME.get(name.toLowerCase());
}

/** Looks a kind up by its exact Kind name and apiVersion, as a manifest names it. */
export function kindForManifest(apiVersion: string, kind: string): KindInfo | undefined {
  const info = BY_KIND.get(kind);
  return info && info.apiVersion === apiVersion ? info : undefined;
}

/** The Kind behind a name kubectl knows but the playground does not serve, if any. */
export function unservedKind(name: string): string | undefined {
  return KNOWN_UNSERVED[name.toLowerCase()];
}

export function allKinds(): readonly KindInfo[] {
  return KINDS;
}
