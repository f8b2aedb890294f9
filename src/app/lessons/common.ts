/** Manifests and small builders the course's lessons share. */
import { SERVICE, statefulSet } from '../examples/manifests.ts';
import { setPods } from './checks.ts';
import type { LessonCommand, Observation } from './types.ts';
import type { ClusterView, PodView } from '../../worker/viewModel.ts';

/** kubernetes.io's web.yaml: the headless Service nginx and the StatefulSet web with `replicas` pods. */
export function webYaml(replicas: number): string {
  return `${SERVICE}---\n${statefulSet({ replicas })}`;
}

export const k = (line: string): LessonCommand => ({ kind: 'kubectl', line });
export const fresh = (yaml: string, file = 'web.yaml'): LessonCommand => ({ kind: 'reset', file, yaml });

/** The image every pod of web was made from: the tag after the last colon, e.g. `0.24`. */
export function tagOf(p: PodView | undefined): string | undefined {
  return p?.image.slice(p.image.lastIndexOf(':') + 1);
}

/** web's pods at this image tag, by name. */
export function podsAtTag(view: ClusterView, tag: string): string[] {
  return setPods(view, 'web')
    .filter((p) => tagOf(p) === tag)
    .map((p) => p.name);
}

/**
 * The pods have not changed (uid, readiness, image, deletion) for the last `ms` of the step's
 * history: how a lesson tells "nothing more happens", without guessing how long anything takes.
 */
const podsSignature = (v: ClusterView) => v.pods.map((p) => `${p.uid}/${p.ready}/${p.image}/${p.terminating}/${p.status}`).join(',');

export function quietFor(history: readonly ClusterView[], ms: number): boolean {
  const last = history.at(-1);
  if (!last) return false;
  const now = podsSignature(last);
  let i = history.length - 1;
  while (i > 0 && podsSignature(history[i - 1] as ClusterView) === now) i--;
  const since = history[i] as ClusterView;
  return last.time - since.time >= ms;
}

/** The text a probe printed: what follows the last `$ kubectl <line>` in the step's output. */
export function probeText(obs: Observation, line: string): string {
  const marker = `$ kubectl ${line}\n`;
  const at = obs.output.lastIndexOf(marker);
  return at < 0 ? '' : obs.output.slice(at + marker.length);
}

/** The addresses nslookup printed for the name it was asked (not the DNS server's own). */
export function lookedUp(text: string): string[] {
  const name = text.indexOf('\nName:');
  if (name < 0) return [];
  return [...text.slice(name).matchAll(/^Address \d+: (\S+)/gm)].map((m) => m[1] ?? '');
}
