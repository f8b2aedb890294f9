/**
 * API versions real manifests still carry that Kubernetes no longer serves (removed in v1.16, v1.22
 * and v1.25). kubectl answers them with "no matches for kind"; the playground adds which version
 * serves the kind today.
 */
import { resolveKind, unservedKind } from '../model/kinds.ts';

/** The hint after kubectl's mapping error when `kind` is served, only under another version. */
export function servedVersionHint(apiVersion: string, kind: string): string | undefined {
  const info = resolveKind(kind);
  if (!info || info.kind !== kind || info.apiVersion === apiVersion) return undefined;
  return `hint: ${kind} is served as ${info.apiVersion}`;
}

/**
 * What follows kubectl's "no matches for kind" error (apply and create -f alike): the version that
 * serves the kind, or a note that the kind exists in Kubernetes but not in this playground.
 */
export function mappingErrorHint(apiVersion: string, kind: string): string {
  const served = servedVersionHint(apiVersion, kind);
  if (served) return ` (${served})`;
  const known = unservedKind(kind) ?? resolveKind(kind)?.kind;
  return known ? ` (${known} is not part of this StatefulSet playground)` : '';
}
