/**
 * apps/v1 Deployment and ReplicaSet: defaults (`pkg/apis/apps/v1/defaults.go`) and validation
 * (`pkg/apis/apps/validation/validation.go`).
 */
import type { FieldError, K8sObject } from '../model/types.ts';
import { Errors, nameIsDNSSubdomain, validateObjectMeta, validateObjectMetaUpdate } from './validation.ts';

export function defaultApps(obj: K8sObject, old: K8sObject | undefined): void {
  void obj;
  void old;
}

export function validateAppsCreate(obj: K8sObject): FieldError[] {
  const errs = new Errors();
  validateObjectMeta(obj, true, nameIsDNSSubdomain, errs);
  return errs.list;
}

export function validateAppsUpdate(obj: K8sObject, old: K8sObject): FieldError[] {
  const errs = new Errors();
  validateObjectMetaUpdate(obj, old, errs);
  return errs.list;
}
