/**
 * Two kube-controller-manager loops keyed by namespace:
 * - the service account controller (`pkg/controller/serviceaccount/serviceaccounts_controller.go`):
 *   every active namespace has a ServiceAccount "default", recreated if deleted;
 * - the root CA publisher (`pkg/controller/certificates/rootcacertpublisher/publisher.go`): every
 *   active namespace has the ConfigMap "kube-root-ca.crt" holding the cluster's CA bundle, which the
 *   projected `kube-api-access-*` volume of every pod reads.
 */
import type { K8sObject } from '../model/types.ts';
import { jsonEqual } from '../model/util.ts';
import type { ControllerContext } from '../sim/context.ts';

export const DEFAULT_SERVICE_ACCOUNT = 'default';
export const ROOT_CA_CONFIGMAP = 'kube-root-ca.crt';
const DESCRIPTION_ANNOTATION = 'kubernetes.io/description';
const DESCRIPTION =
  'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. ' +
  'No other usage is guaranteed across distributions of Kubernetes clusters.';

/** The simulated cluster's CA certificate (a fixed, made-up PEM block: nothing verifies it). */
export const ROOT_CA_PEM = [
  '-----BEGIN CERTIFICATE-----',
  'MIIDBTCCAe2gAwIBAgIIPlaygr0undCAMA0GCSqGSIb3DQEBCwUAMBUxEzARBgNV',
  'BAMTCmt1YmVybmV0ZXMwHhcNMjYwMTAxMDAwMDAwWhcNMzYwMTAxMDAwMDAwWjAV',
  'MRMwEQYDVQQDEwprdWJlcm5ldGVzMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIB',
  'CgKCAQEAc2ltdWxhdGVkLWNsdXN0ZXItcm9vdC1jYS1mb3ItdGhlLXBsYXlncm91',
  'bmQtbm8tcmVhbC1rZXktbWF0ZXJpYWwtaGVyZS1zdGF0ZWZ1bHNldC1wbGF5Z3Jv',
  'dW5kMB0GA1UdDgQWBBRzdGF0ZWZ1bHNldHBsYXlncm91bmQwDQYJKoZIhvcNAQEL',
  '-----END CERTIFICATE-----',
  '',
].join('\n');

/** The informer handlers (namespaceAdded/Updated, serviceAccountDeleted, configMapDeleted/Updated). */
export function watchServiceAccounts(ctx: ControllerContext, obj: K8sObject, old: K8sObject | undefined, deleted: boolean): void {
  void old;
  switch (obj.kind) {
    case 'Namespace':
      if (!deleted && !obj.metadata.deletionTimestamp) ctx.enqueue('serviceaccount', obj.metadata.name);
      return;
    case 'ServiceAccount':
      if (deleted && obj.metadata.name === DEFAULT_SERVICE_ACCOUNT) ctx.enqueue('serviceaccount', obj.metadata.namespace ?? '');
      return;
    case 'ConfigMap':
      if (obj.metadata.name === ROOT_CA_CONFIGMAP) ctx.enqueue('serviceaccount', obj.metadata.namespace ?? '');
      return;
    default:
      return;
  }
}

/** `syncNamespace` (both controllers) for the namespace `key`: creates what is missing. */
export function syncServiceAccounts(ctx: ControllerContext, key: string): void {
  const ns = ctx.api.get('Namespace', undefined, key);
  if (!ns || ns.metadata.deletionTimestamp) return;
  if (!ctx.api.get('ServiceAccount', key, DEFAULT_SERVICE_ACCOUNT)) {
    ctx.api.create({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: DEFAULT_SERVICE_ACCOUNT, namespace: key } }, { trusted: true });
  }
  syncRootCA(ctx, key);
}

/** rootcacertpublisher `syncNamespace`: create the ConfigMap, or put its data and annotation back. */
function syncRootCA(ctx: ControllerContext, namespace: string): void {
  const data = { 'ca.crt': ROOT_CA_PEM };
  const cm = ctx.api.get('ConfigMap', namespace, ROOT_CA_CONFIGMAP);
  if (!cm) {
    ctx.api.create(
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: ROOT_CA_CONFIGMAP, namespace, annotations: { [DESCRIPTION_ANNOTATION]: DESCRIPTION } }, data },
      { trusted: true }
    );
    return;
  }
  if (cm.metadata.deletionTimestamp) return;
  if (jsonEqual(cm['data'], data) && cm.metadata.annotations?.[DESCRIPTION_ANNOTATION] === DESCRIPTION) return;
  ctx.api.update(
    { ...cm, metadata: { ...cm.metadata, annotations: { ...cm.metadata.annotations, [DESCRIPTION_ANNOTATION]: DESCRIPTION } }, data },
    { trusted: true }
  );
}
