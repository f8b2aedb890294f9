/**
 * rbac.authorization.k8s.io/v1 Role, RoleBinding, ClusterRole, ClusterRoleBinding: stored and listed
 * with upstream's validation (`pkg/apis/rbac/validation`). Their authorisation effect is not simulated.
 */
import type { FieldError, K8sObject } from '../model/types.ts';
import { Errors, nameIsDNSSubdomain, validateObjectMeta, validateObjectMetaUpdate } from './validation.ts';

export function validateRbacCreate(obj: K8sObject): FieldError[] {
  const errs = new Errors();
  validateObjectMeta(obj, obj.kind === 'Role' || obj.kind === 'RoleBinding', nameIsDNSSubdomain, errs);
  return errs.list;
}

export function validateRbacUpdate(obj: K8sObject, old: K8sObject): FieldError[] {
  const errs = new Errors();
  validateObjectMetaUpdate(obj, old, errs);
  return errs.list;
}
