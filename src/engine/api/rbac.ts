/**
 * rbac.authorization.k8s.io/v1 Role, RoleBinding, ClusterRole, ClusterRoleBinding: stored and listed
 * with upstream's defaults (`pkg/apis/rbac/v1/defaults.go`) and validation
 * (`pkg/apis/rbac/validation/validation.go`). Their authorisation effect is not simulated.
 */
import type { FieldError, K8sObject } from '../model/types.ts';
import {
  Errors,
  child,
  goStruct,
  index,
  invalid,
  isObj,
  nameIsDNSSubdomain,
  notSupported,
  objList,
  readObj,
  readStr,
  readStrList,
  required,
  validateLabelSelector,
  validateObjectMeta,
  validateObjectMetaUpdate,
  type NameFn,
} from './validation.ts';

export const RBAC_GROUP = 'rbac.authorization.k8s.io';

/** path.ValidatePathSegmentName: ValidateRBACName. */
const validateRbacName: NameFn = (name, prefix) => {
  if (!prefix && (name === '.' || name === '..')) return [`may not be '${name}'`];
  const errs: string[] = [];
  for (const bad of ['/', '%']) if (name.includes(bad)) errs.push(`may not contain '${bad}'`);
  return errs;
};

/** SetDefaults_Subject, SetDefaults_RoleBinding / ClusterRoleBinding (roleRef.apiGroup). */
export function defaultRbac(obj: K8sObject): void {
  if (obj.kind !== 'RoleBinding' && obj.kind !== 'ClusterRoleBinding') return;
  const roleRef = obj['roleRef'];
  if (isObj(roleRef) && (roleRef['apiGroup'] === undefined || roleRef['apiGroup'] === '')) obj['roleRef'] = { ...roleRef, apiGroup: RBAC_GROUP };
  const subjects = obj['subjects'];
  if (Array.isArray(subjects)) {
    obj['subjects'] = subjects.map((s: unknown) => {
      if (!isObj(s) || (s['apiGroup'] !== undefined && s['apiGroup'] !== '')) return s;
      if (s['kind'] === 'User' || s['kind'] === 'Group') return { ...s, apiGroup: RBAC_GROUP };
      return s;
    });
  }
}

export function validateRbacCreate(obj: K8sObject): FieldError[] {
  const errs = new Errors();
  validateKind(obj, errs);
  return errs.list;
}

export function validateRbacUpdate(obj: K8sObject, old: K8sObject): FieldError[] {
  const errs = new Errors();
  validateKind(obj, errs);
  validateObjectMetaUpdate(obj, old, errs);
  if (obj.kind === 'RoleBinding' || obj.kind === 'ClusterRoleBinding') {
    const now = roleRefOf(obj);
    const before = roleRefOf(old);
    if (now.apiGroup !== before.apiGroup || now.kind !== before.kind || now.name !== before.name) {
      errs.add(invalid('roleRef', goStruct(['APIGroup', now.apiGroup], ['Kind', now.kind], ['Name', now.name]), 'cannot change roleRef'));
    }
  }
  return errs.list;
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

function roleRefOf(obj: K8sObject): { apiGroup: string; kind: string; name: string } {
  const ref = isObj(obj['roleRef']) ? obj['roleRef'] : {};
  return { apiGroup: str(ref['apiGroup']), kind: str(ref['kind']), name: str(ref['name']) };
}

function validateKind(obj: K8sObject, errs: Errors): void {
  const namespaced = obj.kind === 'Role' || obj.kind === 'RoleBinding';
  validateObjectMeta(obj, namespaced, validateRbacName, errs);
  if (obj.kind === 'Role' || obj.kind === 'ClusterRole') {
    // ValidateRole / ValidateClusterRole.
    for (const { item, path } of objList(obj['rules'], 'rules', errs)) validatePolicyRule(item, namespaced, path, errs);
    if (obj.kind === 'ClusterRole') validateAggregationRule(obj['aggregationRule'], errs);
    return;
  }
  // ValidateRoleBinding / ValidateClusterRoleBinding.
  const ref = readObj(obj['roleRef'], 'roleRef', errs) ?? {};
  const apiGroup = readStr(ref['apiGroup'], 'roleRef.apiGroup', errs) ?? '';
  const kind = readStr(ref['kind'], 'roleRef.kind', errs) ?? '';
  const name = readStr(ref['name'], 'roleRef.name', errs) ?? '';
  if (apiGroup !== RBAC_GROUP) errs.add(notSupported('roleRef.apiGroup', apiGroup, [RBAC_GROUP]));
  const kinds = namespaced ? ['Role', 'ClusterRole'] : ['ClusterRole'];
  if (!kinds.includes(kind)) errs.add(notSupported('roleRef.kind', kind, kinds));
  if (name === '') errs.add(required('roleRef.name'));
  else for (const msg of validateRbacName(name, false)) errs.add(invalid('roleRef.name', name, msg));
  for (const { item, path } of objList(obj['subjects'], 'subjects', errs)) validateSubject(item, namespaced, path, errs);
}

/** ValidatePolicyRule. */
function validatePolicyRule(rule: Record<string, unknown>, namespaced: boolean, path: string, errs: Errors): void {
  const list = (f: string) => readStrList(rule[f], child(path, f), errs) ?? [];
  const verbs = list('verbs');
  const apiGroups = list('apiGroups');
  const resources = list('resources');
  const resourceNames = list('resourceNames');
  const urls = list('nonResourceURLs');
  if (verbs.length === 0) errs.add(required(child(path, 'verbs'), 'verbs must contain at least one value'));
  if (urls.length > 0) {
    if (namespaced) errs.add(invalid(child(path, 'nonResourceURLs'), urls, 'namespaced rules cannot apply to non-resource URLs'));
    if (apiGroups.length > 0 || resources.length > 0 || resourceNames.length > 0) {
      errs.add(invalid(child(path, 'nonResourceURLs'), urls, 'rules cannot apply to both regular resources and non-resource URLs'));
    }
    return;
  }
  if (apiGroups.length === 0) errs.add(required(child(path, 'apiGroups'), 'resource rules must supply at least one api group'));
  if (resources.length === 0) errs.add(required(child(path, 'resources'), 'resource rules must supply at least one resource'));
}

function validateAggregationRule(raw: unknown, errs: Errors): void {
  const rule = readObj(raw, 'aggregationRule', errs);
  if (!rule) return;
  const path = 'aggregationRule.clusterRoleSelectors';
  const selectors = objList(rule['clusterRoleSelectors'], path, errs);
  if (selectors.length === 0) errs.add(required(path, 'at least one clusterRoleSelector required if aggregationRule is non-nil'));
  selectors.forEach(({ item }, i) => validateLabelSelector(item, index(path, i), errs));
}

/** ValidateRoleBindingSubject. */
function validateSubject(subject: Record<string, unknown>, namespaced: boolean, path: string, errs: Errors): void {
  const name = readStr(subject['name'], child(path, 'name'), errs) ?? '';
  const kind = readStr(subject['kind'], child(path, 'kind'), errs) ?? '';
  const apiGroup = readStr(subject['apiGroup'], child(path, 'apiGroup'), errs) ?? '';
  const namespace = readStr(subject['namespace'], child(path, 'namespace'), errs) ?? '';
  if (name === '') errs.add(required(child(path, 'name')));
  switch (kind) {
    case 'ServiceAccount':
      if (name !== '') for (const msg of nameIsDNSSubdomain(name, false)) errs.add(invalid(child(path, 'name'), name, msg));
      if (apiGroup !== '') errs.add(notSupported(child(path, 'apiGroup'), apiGroup, ['']));
      if (!namespaced && namespace === '') errs.add(required(child(path, 'namespace')));
      break;
    case 'User':
    case 'Group':
      if (apiGroup !== RBAC_GROUP) errs.add(notSupported(child(path, 'apiGroup'), apiGroup, [RBAC_GROUP]));
      break;
    default:
      errs.add(notSupported(child(path, 'kind'), kind, ['ServiceAccount', 'User', 'Group']));
  }
}
