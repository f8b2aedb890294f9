/**
 * The endpoints controllers' TriggerTimeTracker (pkg/controller/util/endpoint/trigger_time_tracker.go):
 * the `endpoints.kubernetes.io/last-change-trigger-time` annotation a sync writes on the Endpoints
 * object and on the EndpointSlices it creates or updates. ComputeEndpointLastChangeTriggerTime
 * answers the Service's creationTimestamp on its first sync; after that, the earliest trigger time
 * (a pod's Ready condition lastTransitionTime, the Service's creationTimestamp) that moved past the
 * one seen at the previous sync, or nothing (the annotation is then cleared).
 *
 * Upstream walks every pod the Service's selector picks on every sync. Here the informer hook notes
 * each written pod (`noteTriggerPod`, as the pod index's noteServicePod), and a sync re-reads only
 * those: a pod not written since the last sync has the trigger time that sync recorded, so it never
 * counts as moved. Another selector, or a cluster just restored from a snapshot, reads the whole list.
 *
 * Upstream the Endpoints and EndpointSlice controllers each keep a tracker. They sync on the same
 * pod and Service changes, so one state per Service serves both here.
 */
import { mapSelectorMatches } from '../model/labels.ts';
import type { Pod, Service } from '../model/types.ts';
import type { ControllerContext } from '../sim/context.ts';
import type { ClusterState } from '../sim/state.ts';
import { fromRfc3339, rfc3339 } from '../sim/time.ts';
import { withAnnotation } from '../model/util.ts';
import { endpointIndexOptions } from './endpoint-index.ts';

/** v1.EndpointsLastChangeTriggerTime. */
export const LAST_CHANGE_TRIGGER_TIME = 'endpoints.kubernetes.io/last-change-trigger-time';

/** Annotations holding the trigger time alone, for the last time asked: shared by the objects written with it. */
let triggerOnly: Record<string, string> | undefined;

/**
 * addTriggerTimeAnnotation: `annotations` with the trigger time set, or taken out when `time` is
 * undefined (what withAnnotation gives). Annotations that already say so are handed back as they
 * are. Otherwise an object that is to carry the trigger time alone gets triggerTimeAnnotations'
 * object, shared while the time stays (by the Endpoints object and slices a sync writes, and the
 * syncs after it): stored objects are never mutated.
 */
export function withTriggerTime(annotations: Record<string, string> | undefined, time: string | undefined): Record<string, string> | undefined {
  // Nothing to change: withAnnotation's answer (the same object, undefined when it has no key)
  // without its key list.
  if (annotations?.[LAST_CHANGE_TRIGGER_TIME] === time) return annotations === undefined || isEmpty(annotations) ? undefined : annotations;
  if (time === undefined || (annotations !== undefined && !onlyTriggerTime(annotations))) return withAnnotation(annotations, LAST_CHANGE_TRIGGER_TIME, time);
  return triggerTimeAnnotations(time);
}

/** The annotations of an object that carries only the trigger time `time`. */
export function triggerTimeAnnotations(time: string): Record<string, string> {
  if (triggerOnly?.[LAST_CHANGE_TRIGGER_TIME] !== time) triggerOnly = { [LAST_CHANGE_TRIGGER_TIME]: time };
  return triggerOnly;
}

/** Whether a map (annotations, a selector) has no key, without a key list. */
export function isEmpty(map: Record<string, string>): boolean {
  for (const key in map) if (Object.hasOwn(map, key)) return false;
  return true;
}

function onlyTriggerTime(annotations: Record<string, string>): boolean {
  for (const key in annotations) if (key !== LAST_CHANGE_TRIGGER_TIME) return false;
  return true;
}

/** The in-memory half of a Service's tracker: what makes the next sync's incremental read valid. */
interface Watch {
  /** The selector the last sync read the pods for (another one rereads the list). */
  readonly selector: Record<string, string>;
  /** Pod names written since the last sync. */
  readonly dirty: Set<string>;
}

const watches = new WeakMap<ClusterState, Map<string, Watch>>();

/** The informer hook: the pod `podName` was written and its old or new labels match `serviceKey`. */
export function noteTriggerPod(state: ClusterState, serviceKey: string, podName: string): void {
  watches.get(state)?.get(serviceKey)?.dirty.add(podName);
}

/** DeleteService: forgets a Service that is gone. */
export function dropTriggerTimes(state: ClusterState, serviceKey: string): void {
  watches.get(state)?.delete(serviceKey);
  if (state.endpointTriggers) delete state.endpointTriggers[serviceKey];
}

/**
 * fromRfc3339 remembering its last answer: the pods that turn Ready at one instant, and every sync
 * of one Service, hand over the same timestamp (rfc3339 gives one string per second).
 */
function parsedTime(memo: { text: string | undefined; time: number }, text: string | undefined): number {
  if (text !== memo.text) {
    memo.text = text;
    memo.time = fromRfc3339(text);
  }
  return memo.time;
}
const lastPodTime = { text: undefined as string | undefined, time: Number.NaN };
const lastServiceTime = { text: undefined as string | undefined, time: Number.NaN };

/** getPodTriggerTime: when the pod's Ready condition last changed (NaN without one). */
function podTriggerTime(pod: Pod): number {
  const ready = pod.status.conditions?.find((c) => c.type === 'Ready');
  return parsedTime(lastPodTime, ready?.lastTransitionTime);
}

/** min() over the trigger times that moved: `earliest`, or `time` when it moved past `before` and is earlier. */
function moved(earliest: number, time: number, before: number | undefined): number {
  return (before === undefined || time > before) && !(time >= earliest) ? time : earliest;
}

/**
 * rfc3339 remembering its last answer here: the trigger time a sync answers is mostly the one the
 * last sync answered, while rfc3339's own memory follows the clock.
 */
const lastFormatted = { time: Number.NaN, text: '' };
function formatted(time: number): string {
  if (time !== lastFormatted.time) {
    lastFormatted.time = time;
    lastFormatted.text = rfc3339(time);
  }
  return lastFormatted.text;
}

/**
 * ComputeEndpointLastChangeTriggerTime for the Service under `key` (whose selector is set): the
 * annotation's value, or undefined when the annotation should be cleared.
 */
export function computeLastChangeTriggerTime(ctx: ControllerContext, key: string, svc: Service): string | undefined {
  const selector = svc.spec.selector ?? {};
  const namespace = svc.metadata.namespace ?? 'default';
  const serviceTime = parsedTime(lastServiceTime, svc.metadata.creationTimestamp);
  const all = (ctx.state.endpointTriggers ??= {});
  // ServiceState: the trigger times the previous sync saw (kept in the cluster state, so that a
  // restored cluster goes on exactly as the original).
  const known = all[key];
  let perState = watches.get(ctx.state);
  if (!perState) watches.set(ctx.state, (perState = new Map()));
  const watch = perState.get(key);
  // min(): the earliest trigger time that moved past the one the previous sync saw (none on a
  // Service's first sync, which answers its creationTimestamp).
  let earliest = Number.NaN;
  // Only the pods written since the last sync, when the last sync read this selector's pods.
  const incremental = known !== undefined && watch !== undefined && watch.selector === selector && endpointIndexOptions.enabled;
  const pods: Record<string, number> = incremental ? known.pods : {};
  if (incremental) {
    for (const name of watch.dirty) {
      const pod = ctx.api.get('Pod', namespace, name) as Pod | undefined;
      const time = pod && mapSelectorMatches(selector, pod.metadata.labels) ? podTriggerTime(pod) : Number.NaN;
      if (Number.isNaN(time)) delete pods[name];
      else {
        earliest = moved(earliest, time, pods[name]);
        pods[name] = time;
      }
    }
    watch.dirty.clear();
  } else {
    for (const pod of ctx.api.list('Pod', namespace) as Pod[]) {
      if (!mapSelectorMatches(selector, pod.metadata.labels)) continue;
      const time = podTriggerTime(pod);
      if (Number.isNaN(time)) continue;
      pods[pod.metadata.name] = time;
      if (known) earliest = moved(earliest, time, known.pods[pod.metadata.name]);
    }
    perState.set(key, { selector, dirty: new Set() });
  }
  if (known && !Number.isNaN(serviceTime)) earliest = moved(earliest, serviceTime, known.service);
  const service = Number.isNaN(serviceTime) ? 0 : serviceTime;
  // The incremental read edits the record's pods in place: the record stays while its service time does.
  if (known?.pods !== pods || known.service !== service) all[key] = { service, pods };
  // A Service seen for the first time: its creationTimestamp.
  if (!known) return Number.isNaN(serviceTime) ? undefined : formatted(serviceTime);
  return Number.isNaN(earliest) ? undefined : formatted(earliest);
}
