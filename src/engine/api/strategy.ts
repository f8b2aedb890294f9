/**
 * The per-kind registry strategies (`pkg/registry/<group>/<kind>/strategy.go`): defaulting and
 * validation for every served kind. The core and StatefulSet kinds live in defaults.ts and
 * validation.ts; the kinds added beside them live in one file per API group and are dispatched here,
 * so neither of the big files imports the small ones (no import circles).
 */
import type { FieldError, K8sObject } from '../model/types.ts';
import { defaultApps, validateAppsCreate, validateAppsUpdate } from './apps.ts';
import { applyDefaults, type ApiContext } from './defaults.ts';
import { defaultCoreExtra, validateCoreExtraCreate, validateCoreExtraUpdate } from './core-extra.ts';
import { defaultPolicy, validatePolicyCreate, validatePolicyUpdate } from './policy.ts';
import { defaultRbac, validateRbacCreate, validateRbacUpdate } from './rbac.ts';
import { validateCreate, validateUpdate } from './validation.ts';

const APPS = new Set(['Deployment', 'ReplicaSet']);
const CORE_EXTRA = new Set(['ServiceAccount', 'Secret']);
const POLICY = new Set(['PodDisruptionBudget']);
const RBAC = new Set(['Role', 'RoleBinding', 'ClusterRole', 'ClusterRoleBinding']);

/** Defaulting on create and update (`SetDefaults_*` and `PrepareForCreate/Update`). Returns a copy. */
export function defaultObject(obj: K8sObject, ctx: ApiContext, old?: K8sObject): K8sObject {
  const out = applyDefaults(obj, ctx, old);
  if (typeof out !== 'object' || out === null) return out;
  if (APPS.has(out.kind)) defaultApps(out, old);
  else if (CORE_EXTRA.has(out.kind)) defaultCoreExtra(out, old);
  else if (POLICY.has(out.kind)) defaultPolicy(out, old);
  else if (RBAC.has(out.kind)) defaultRbac(out);
  return out;
}

/** `Validate` on create. Never throws. */
export function validateObjectCreate(obj: K8sObject, ctx: ApiContext): FieldError[] {
  const kind = typeof obj === 'object' && obj !== null ? obj.kind : '';
  if (APPS.has(kind)) return validateAppsCreate(obj);
  if (CORE_EXTRA.has(kind)) return validateCoreExtraCreate(obj);
  if (POLICY.has(kind)) return validatePolicyCreate(obj);
  if (RBAC.has(kind)) return validateRbacCreate(obj);
  return validateCreate(obj, ctx);
}

/** `ValidateUpdate`. Never throws. */
export function validateObjectUpdate(obj: K8sObject, old: K8sObject, ctx: ApiContext): FieldError[] {
  const kind = typeof obj === 'object' && obj !== null ? obj.kind : '';
  if (APPS.has(kind)) return validateAppsUpdate(obj, old);
  if (CORE_EXTRA.has(kind)) return validateCoreExtraUpdate(obj, old);
  if (POLICY.has(kind)) return validatePolicyUpdate(obj, old);
  if (RBAC.has(kind)) return validateRbacUpdate(obj, old);
  return validateUpdate(obj, old, ctx);
}
