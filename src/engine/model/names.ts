/** Naming helpers mirroring pkg/controller/statefulset/stateful_set_utils.go. */

const ORDINAL_PATTERN = /^(.*)-([0-9]+)$/;
const INT32_MAX = 2147483647;

/** getParentNameAndOrdinal: parent "" and ordinal -1 when the name does not end in `-digits` or overflows int32. */
export function getParentNameAndOrdinal(name: string): { readonly parent: string; readonly ordinal: number } {
  let parsed = parsedNames.get(name);
  if (parsed) return parsed;
  parsed = parseParentNameAndOrdinal(name);
  // Every sync parses every pod's name; the names are few and stable, so remember them (bounded).
  if (parsedNames.size >= PARSED_NAMES_MAX) parsedNames.clear();
  parsedNames.set(name, parsed);
  return parsed;
}

const PARSED_NAMES_MAX = 65_536;
const parsedNames = new Map<string, { readonly parent: string; readonly ordinal: number }>();

function parseParentNameAndOrdinal(name: string): { readonly parent: string; readonly ordinal: number } {
  const match = ORDINAL_PATTERN.exec(name);
  if (!match) return { parent: '', ordinal: -1 };
  const digits = match[2] ?? '';
  const ordinal = Number(digits);
  if (!Number.isSafeInteger(ordinal) || ordinal > INT32_MAX) return { parent: '', ordinal: -1 };
  return Object.freeze({ parent: match[1] ?? '', ordinal });
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
