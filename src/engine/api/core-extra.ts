/** core/v1 ServiceAccount and Secret: defaults and validation (`pkg/apis/core/validation`). */
import type { FieldError, K8sObject } from '../model/types.ts';
import { Errors, nameIsDNSSubdomain, validateObjectMeta, validateObjectMetaUpdate } from './validation.ts';

export function defaultCoreExtra(obj: K8sObject, old: K8sObject | undefined): void {
  void obj;
  void old;
}

export function validateCoreExtraCreate(obj: K8sObject): FieldError[] {
  const errs = new Errors();
  validateObjectMeta(obj, true, nameIsDNSSubdomain, errs);
  return errs.list;
}

export function validateCoreExtraUpdate(obj: K8sObject, old: K8sObject): FieldError[] {
  const errs = new Errors();
  validateObjectMetaUpdate(obj, old, errs);
  return errs.list;
}
