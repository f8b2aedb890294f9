/**
 * API versions real manifests still carry that Kubernetes no longer serves (removed in v1.16, v1.22
 * and v1.25). kubectl answers them with "no matches for kind"; the playground adds which version
 * serves the kind today.
 */
import { resolveKind } from '../model/kinds.ts';

/** The hint after kubectl's mapping error when `kind` is served, only under another version. */
export function servedVersionHint(apiVersion: string, kind: string): string | undefined {
  const info = resolveKind(kind);
  if (!info || info.kind !== kind || info.apiVersion === apiVersion) return undefined;
  return `hint: ${kind} is served as ${info.apiVersion}`;
}
