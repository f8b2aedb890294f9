/**
 * apps/v1 Deployment and ReplicaSet: defaults (`pkg/apis/apps/v1/defaults.go`: SetDefaults_Deployment,
 * SetDefaults_ReplicaSet, plus the pod template's generated defaults), the registry's create-time
 * status reset (`PrepareForCreate`) and validation (`pkg/apis/apps/validation/validation.go`:
 * ValidateDeployment, ValidateDeploymentSpec, ValidateDeploymentStrategy,
 * ValidateRollingUpdateDeployment, ValidateReplicaSet, ValidatePodTemplateSpecForReplicaSet; the
 * strategies' `spec.selector` immutability on update).
 */
import type { FieldError, K8sObject } from '../model/types.ts';
import { defaultPodSpecInPlace, ensureObj, isObj, specOf, unset, unsetString, type Obj } from './defaults.ts';
import {
  child,
  Errors,
  forbidden,
  intOrPercentValue,
  intOrString,
  invalid,
  isValidPercent,
  nameIsDNSSubdomain,
  nonNegative,
  notSupported,
  readInt,
  readObj,
  readStrMap,
  required,
  selectorMatches,
  semanticEqual,
  unsetValue,
  validateAnnotations,
  validateLabels,
  validateLabelSelector,
  validateObjectMeta,
  validateObjectMetaUpdate,
  validatePodSpec,
  type SelectorInfo,
} from './validation.ts';

function defaultTemplate(spec: Obj): void {
  const template = spec['template'];
  if (!isObj(template)) return;
  const podSpec = ensureObj(template, 'spec');
  if (podSpec) defaultPodSpecInPlace(podSpec);
}

/** SetDefaults_Deployment: replicas 1, RollingUpdate 25%/25%, revisionHistoryLimit 10, progressDeadlineSeconds 600. */
function defaultDeployment(spec: Obj): void {
  if (unset(spec['replicas'])) spec['replicas'] = 1;
  const strategy = ensureObj(spec, 'strategy');
  if (strategy) {
    if (unsetString(strategy['type'])) strategy['type'] = 'RollingUpdate';
    if (strategy['type'] === 'RollingUpdate') {
      const ru = ensureObj(strategy, 'rollingUpdate');
      if (ru) {
        if (unset(ru['maxUnavailable'])) ru['maxUnavailable'] = '25%';
        if (unset(ru['maxSurge'])) ru['maxSurge'] = '25%';
      }
    }
  }
  if (unset(spec['revisionHistoryLimit'])) spec['revisionHistoryLimit'] = 10;
  if (unset(spec['progressDeadlineSeconds'])) spec['progressDeadlineSeconds'] = 600;
  defaultTemplate(spec);
}

export function defaultApps(obj: K8sObject, old: K8sObject | undefined): void {
  const o = obj as Obj;
  const spec = specOf(o);
  if (spec) {
    if (obj.kind === 'Deployment') defaultDeployment(spec);
    else {
      // SetDefaults_ReplicaSet.
      if (unset(spec['replicas'])) spec['replicas'] = 1;
      defaultTemplate(spec);
    }
  }
  // PrepareForCreate: the status starts empty (ReplicaSetStatus.replicas has no omitempty).
  if (!old) o['status'] = obj.kind === 'ReplicaSet' ? { replicas: 0 } : {};
}

/** ValidatePositiveIntOrPercent. */
function validatePositiveIntOrPercent(v: number | string | undefined, path: string, errs: Errors): void {
  if (v === undefined) return;
  if (typeof v === 'string') for (const msg of isValidPercent(v)) errs.add(invalid(path, v, msg));
  else nonNegative(v, path, errs);
}

/** ValidateRollingUpdateDeployment. */
function validateRollingUpdateDeployment(ru: Obj, path: string, errs: Errors): void {
  const muPath = child(path, 'maxUnavailable');
  const msPath = child(path, 'maxSurge');
  const mu = intOrString(ru['maxUnavailable'], muPath, errs);
  const ms = intOrString(ru['maxSurge'], msPath, errs);
  validatePositiveIntOrPercent(mu, muPath, errs);
  validatePositiveIntOrPercent(ms, msPath, errs);
  if (intOrPercentValue(mu ?? 0) === 0 && intOrPercentValue(ms ?? 0) === 0) {
    errs.add(invalid(muPath, mu ?? 0, 'may not be 0 when `maxSurge` is 0'));
  }
  if (typeof mu === 'string' && /^[0-9]+%$/.test(mu) && Number(mu.slice(0, -1)) > 100) {
    errs.add(invalid(muPath, mu, 'must not be greater than 100%'));
  }
}

/** ValidateDeploymentStrategy. */
function validateDeploymentStrategy(strategyValue: unknown, path: string, errs: Errors): void {
  const strategy = readObj(strategyValue, path, errs) ?? {};
  const type = typeof strategy['type'] === 'string' ? strategy['type'] : '';
  const ruPath = child(path, 'rollingUpdate');
  const ru = readObj(strategy['rollingUpdate'], ruPath, errs);
  if (type === 'Recreate') {
    if (ru) errs.add(forbidden(ruPath, "may not be specified when strategy `type` is 'Recreate'"));
  } else if (type === 'RollingUpdate') {
    if (!ru) errs.add(required(ruPath, 'this should be defaulted and never be nil'));
    else validateRollingUpdateDeployment(ru, ruPath, errs);
  } else {
    errs.add(notSupported(path, strategyValue ?? null, ['Recreate', 'RollingUpdate']));
  }
}

/** The selector checks shared by both kinds; returns the decoded selector when it converts. */
function validateSelector(spec: Obj, path: string, errs: Errors): SelectorInfo | 'nothing' | undefined {
  const selPath = child(path, 'selector');
  const sel = readObj(spec['selector'], selPath, errs);
  if (!sel) {
    errs.add(required(selPath));
    // LabelSelectorAsSelector(nil) is labels.Nothing(): never empty, matches nothing.
    return 'nothing';
  }
  const { info, ok } = validateLabelSelector(sel, selPath, errs);
  // Upstream's ReplicaSet validation reuses the Deployment wording.
  if (info.empty) errs.add(invalid(selPath, info.rendered, 'empty selector is invalid for deployment'));
  if (!ok) {
    errs.add(invalid(selPath, info.rendered, 'invalid label selector'));
    return undefined;
  }
  return info;
}

/** ValidatePodTemplateSpecForReplicaSet. */
function validateTemplateForReplicaSet(spec: Obj, selector: SelectorInfo | 'nothing', path: string, errs: Errors): void {
  const tPath = child(path, 'template');
  const template = readObj(spec['template'], tPath, errs);
  if (!template) {
    errs.add(required(tPath));
    return;
  }
  const tMeta = readObj(template['metadata'], child(tPath, 'metadata'), errs) ?? {};
  const tSpec = readObj(template['spec'], child(tPath, 'spec'), errs) ?? {};
  if (selector === 'nothing' || !selector.empty) {
    const labels = readStrMap(tMeta['labels'], child(child(tPath, 'metadata'), 'labels'), new Errors()) ?? {};
    if (selector === 'nothing' || !selectorMatches(selector, labels)) {
      errs.add(invalid(child(child(tPath, 'metadata'), 'labels'), tMeta['labels'] ?? null, '`selector` does not match template `labels`'));
    }
  }
  // ValidatePodTemplateSpec passes `fldPath.Child("labels")`, so these read `spec.template.labels`.
  validateLabels(tMeta['labels'], child(tPath, 'labels'), errs);
  validateAnnotations(tMeta['annotations'], child(tPath, 'annotations'), errs);
  validatePodSpec(tSpec, child(tPath, 'spec'), errs);
  const restart = typeof tSpec['restartPolicy'] === 'string' ? tSpec['restartPolicy'] : '';
  if (restart !== 'Always') errs.add(notSupported(child(child(tPath, 'spec'), 'restartPolicy'), restart, ['Always']));
  if (!unsetValue(tSpec['activeDeadlineSeconds'])) {
    errs.add(invalid(child(child(tPath, 'spec'), 'activeDeadlineSeconds'), tSpec['activeDeadlineSeconds'], 'activeDeadlineSeconds in ReplicaSet is not Supported'));
  }
}

/** ValidateDeploymentSpec, in upstream's order. */
function validateDeploymentSpec(specValue: unknown, errs: Errors): void {
  const path = 'spec';
  const spec = readObj(specValue, path, errs) ?? {};
  nonNegative(readInt(spec['replicas'], child(path, 'replicas'), errs), child(path, 'replicas'), errs);
  const selector = validateSelector(spec, path, errs);
  if (selector) validateTemplateForReplicaSet(spec, selector, path, errs);
  validateDeploymentStrategy(spec['strategy'], child(path, 'strategy'), errs);
  const minReady = readInt(spec['minReadySeconds'], child(path, 'minReadySeconds'), errs) ?? 0;
  nonNegative(minReady, child(path, 'minReadySeconds'), errs);
  const history = readInt(spec['revisionHistoryLimit'], child(path, 'revisionHistoryLimit'), errs);
  nonNegative(history, child(path, 'revisionHistoryLimit'), errs);
  const deadline = readInt(spec['progressDeadlineSeconds'], child(path, 'progressDeadlineSeconds'), errs);
  if (deadline !== undefined) {
    nonNegative(deadline, child(path, 'progressDeadlineSeconds'), errs);
    if (deadline <= minReady) errs.add(invalid(child(path, 'progressDeadlineSeconds'), deadline, 'must be greater than minReadySeconds'));
  }
}

/** ValidateReplicaSetSpec. */
function validateReplicaSetSpec(specValue: unknown, errs: Errors): void {
  const path = 'spec';
  const spec = readObj(specValue, path, errs) ?? {};
  nonNegative(readInt(spec['replicas'], child(path, 'replicas'), errs), child(path, 'replicas'), errs);
  nonNegative(readInt(spec['minReadySeconds'], child(path, 'minReadySeconds'), errs), child(path, 'minReadySeconds'), errs);
  const selector = validateSelector(spec, path, errs);
  if (selector) validateTemplateForReplicaSet(spec, selector, path, errs);
}

function validateSpec(obj: K8sObject, errs: Errors): void {
  if (obj.kind === 'Deployment') validateDeploymentSpec((obj as Obj)['spec'], errs);
  else validateReplicaSetSpec((obj as Obj)['spec'], errs);
}

export function validateAppsCreate(obj: K8sObject): FieldError[] {
  const errs = new Errors();
  validateObjectMeta(obj, true, nameIsDNSSubdomain, errs);
  validateSpec(obj, errs);
  return errs.list;
}

/** ValidateDeploymentUpdate / ValidateReplicaSetUpdate plus the apps/v1 selector immutability. */
export function validateAppsUpdate(obj: K8sObject, old: K8sObject): FieldError[] {
  const errs = new Errors();
  validateObjectMetaUpdate(obj, old, errs);
  validateSpec(obj, errs);
  const sel = isObj((obj as Obj)['spec']) ? ((obj as Obj)['spec'] as Obj)['selector'] : undefined;
  const oldSel = isObj((old as Obj)['spec']) ? ((old as Obj)['spec'] as Obj)['selector'] : undefined;
  if (!semanticEqual(sel, oldSel)) {
    const rendered = isObj(sel) ? validateLabelSelector(sel, 'spec.selector', new Errors()).info.rendered : null;
    errs.add(invalid('spec.selector', rendered, 'field is immutable'));
  }
  return errs.list;
}
