/** Naming helpers mirroring pkg/controller/statefulset/stateful_set_utils.go. */

const ORDINAL_PATTERN = /^(.*)-([0-9]+)$/;
const INT32_MAX = 2147483647;

/** getParentNameAndOrdinal: parent "" and ordinal -1 when the name does not end in `-digits` or overflows int32. */
export function getParentNameAndOrdinal(name: string): { parent: string; ordinal: number } {
  const match = ORDINAL_PATTERN.exec(name);
  if (!match) return { parent: '', ordinal: -1 };
  const digits = match[2] ?? '';
  const ordinal = Number(digits);
  if (!Number.isSafeInteger(ordinal) || ordinal > INT32_MAX) return { parent: '', ordinal: -1 };
  return { parent: match[1] ?? '', ordinal };
}

/** getPodName: `<set>-<ordinal>`. */
export function getPodName(setName: string, ordinal: number): string {
  return `${setName}-${ordinal}`;
}

/** getPersistentVolumeClaimName: `<template>-<set>-<ordinal>`. */
export function getPersistentVolumeClaimName(setName: string, templateName: string, ordinal: number): string {
  return `${templateName}-${setName}-${ordinal}`;
}

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
export function isDns1123Label(value: string): boolean {
  return value.length <= 63 && DNS1123_LABEL.test(value);
}
