/**
 * The kubelet's image manager for the container being started (pkg/kubelet/images): the pull
 * policy, the per-node serial puller (serializeImagePulls defaults to true, so a second pull waits for
 * the first and its `Pulled` message counts the wait), the image back-off (flowcontrol.Backoff with
 * imageBackOffPeriod 10 s doubling to MaxImageBackOff 300 s, keyed `<pod uid>_<image>`) and the pod
 * worker's requeue after a failed sync (backOffPeriod 10 s, jitter 0.5).
 */
import type { Container, ContainerStatus, Pod } from '../../model/types.ts';
import type { ControllerContext } from '../../sim/context.ts';
import type { PodRuntime, PullProgress } from '../../sim/state.ts';
import { recordContainerEvent } from './container-events.ts';
import { fullImageRef, goDuration, imageSize, isBrokenImage, jitter, seededUnit } from './runtime-ids.ts';
import { boundedMemo } from '../../model/util.ts';

/** kubelet.go imageBackOffPeriod and MaxImageBackOff. */
export const IMAGE_BACKOFF_INITIAL = 10_000;
export const IMAGE_BACKOFF_MAX = 300_000;
/** kubelet.go backOffPeriod and pod_workers.go workerBackOffPeriodJitterFactor: the requeue after a failed sync. */
const WORKER_BACKOFF = 10_000;
const WORKER_BACKOFF_JITTER = 0.5;
/** The PLEG relist period: the new sandbox's event brings the pod's second sync about a second later. */
const PLEG_RELIST = 1000;

/**
 * The image manager's messages that name only the image, made once per image: every pod of a
 * workload pulls the same one, and one string shared by their events is kept (and hashed as the
 * event index's key) once instead of once per event.
 */
const pullingMessage: (image: string) => string = boundedMemo((image) => `Pulling image "${image}"`);
export const presentMessage: (image: string) => string = boundedMemo(
  (image) => `Container image "${image}" already present on machine and can be accessed by the pod`
);

export type PullOutcome = 'creating' | 'pulling' | 'pull-backoff';

/** The CRI error containerd returns for a tag the registry does not have. */
function notFoundError(image: string): string {
  const ref = fullImageRef(image);
  return `rpc error: code = NotFound desc = failed to pull and unpack image "${ref}": failed to resolve reference "${ref}": ${ref}: not found`;
}

/**
 * How long one pull takes on the wire: a missing tag fails after the registry lookup; an image the node
 * already has (pull policy Always, or pulled while this request waited) only resolves its manifest;
 * any other image downloads, longer for larger images. Varied per pod and attempt by the cluster's seed.
 */
function pullDuration(ctx: ControllerContext, rt: PodRuntime, image: string, present: boolean): number {
  const nominal = ctx.state.options.timing.imagePull;
  const u = seededUnit(ctx.state.options.seed, 'pull', rt.uid, image, rt.pullAttempts);
  if (isBrokenImage(image)) return Math.min(nominal, Math.round(300 + 900 * u));
  if (present) return Math.min(nominal, Math.round(200 + 500 * u));
  const sizeFactor = imageSize(image) / 70_000_000;
  return Math.round(nominal * sizeFactor * (0.75 + 0.5 * u));
}

/** The pod worker's next sync after a failed one: wait.Jitter(backOffPeriod, 0.5). */
function requeueAfterError(ctx: ControllerContext, rt: PodRuntime, pull: PullProgress): number {
  pull.syncs += 1;
  return ctx.now + jitter(WORKER_BACKOFF, WORKER_BACKOFF_JITTER, seededUnit(ctx.state.options.seed, 'sync', rt.uid, pull.syncs));
}

function progress(rt: PodRuntime, image: string): PullProgress {
  if (rt.pull?.image !== image) rt.pull = { image, requestedAt: 0, startedAt: 0, endsAt: 0, syncs: rt.pull?.syncs ?? 0 };
  return rt.pull;
}

/** Startcontainer's "Error: …" event after EnsureImageExists failed, with the waiting state it leaves. */
function failStart(ctx: ControllerContext, pod: Pod, rt: PodRuntime, name: string, pull: PullProgress, reason: NonNullable<PullProgress['reason']>, message: string): void {
  recordContainerEvent(ctx.api, pod, rt.node, name, 'Warning', 'Failed', `Error: ${reason}`);
  pull.reason = reason;
  pull.message = message;
}

/**
 * imageManager.EnsureImageExists at one sync of the pod worker: use the image the node has (unless
 * the policy is Always), refuse under Never, wait while the image is in back-off (`BackOff` and
 * `Error: ImagePullBackOff`), otherwise record `Pulling` and queue the pull on the node's serial puller.
 * Sets when the pod is next due and returns the stage that follows.
 */
export function ensureImageExists(ctx: ControllerContext, pod: Pod, rt: PodRuntime, container: Container): PullOutcome {
  const image = container.image ?? '';
  const name = container.name;
  const node = ctx.state.nodes[rt.node];
  const cached = !!node?.images.includes(image);
  const policy = container.imagePullPolicy;
  if (cached && policy !== 'Always') {
    recordContainerEvent(ctx.api, pod, rt.node, name, 'Normal', 'Pulled', presentMessage(image));
    delete rt.pull;
    rt.due = ctx.now + ctx.state.options.timing.containerCreate;
    return 'creating';
  }
  const pull = progress(rt, image);
  if (policy === 'Never') {
    const message = `Container image "${image}" is not present with pull policy of Never`;
    recordContainerEvent(ctx.api, pod, rt.node, name, 'Warning', 'ErrImageNeverPull', message);
    failStart(ctx, pod, rt, name, pull, 'ErrImageNeverPull', message);
    rt.due = requeueAfterError(ctx, rt, pull);
    return 'pull-backoff';
  }
  const entry = rt.imageBackoff?.[image];
  // flowcontrol.Backoff.IsInBackOffSinceUpdate: still inside the window opened by the last failure.
  if (entry && ctx.now - entry.at < entry.ms) {
    const backOff = `Back-off pulling image "${image}"`;
    recordContainerEvent(ctx.api, pod, rt.node, name, 'Normal', 'BackOff', backOff);
    failStart(ctx, pod, rt, name, pull, 'ImagePullBackOff', pull.error ? `${backOff}: ${pull.error}` : backOff);
    rt.due = requeueAfterError(ctx, rt, pull);
    return 'pull-backoff';
  }
  recordContainerEvent(ctx.api, pod, rt.node, name, 'Normal', 'Pulling', pullingMessage(image));
  // serialImagePuller: one pull at a time per node, in the order they were asked for.
  const puller = node ? (node.puller ??= { freeAt: 0, queued: {} }) : { freeAt: 0, queued: {} };
  for (const queued in puller.queued) if ((puller.queued[queued] as number) <= ctx.now) delete puller.queued[queued];
  const startedAt = Math.max(ctx.now, puller.freeAt);
  const queuedEnd = puller.queued[image];
  const present = cached || (queuedEnd !== undefined && queuedEnd <= startedAt);
  const endsAt = startedAt + pullDuration(ctx, rt, image, present);
  puller.freeAt = endsAt;
  if (!isBrokenImage(image)) puller.queued[image] = Math.max(queuedEnd ?? 0, endsAt);
  pull.requestedAt = ctx.now;
  pull.startedAt = startedAt;
  pull.endsAt = endsAt;
  rt.due = endsAt;
  return 'pulling';
}

/**
 * The end of a pull (imageManager.pullImage after the puller answered): a failure records `Failed to
 * pull image …` and `Error: ErrImagePull` and opens or doubles the back-off window; a success caches
 * the image on the node and records `Successfully pulled image … in X (Y including waiting)`.
 */
export function finishPull(ctx: ControllerContext, pod: Pod, rt: PodRuntime, container: Container): 'creating' | 'pull-backoff' {
  const image = container.image ?? '';
  const pull = progress(rt, image);
  rt.pullAttempts += 1;
  if (isBrokenImage(image)) {
    const error = notFoundError(image);
    recordContainerEvent(ctx.api, pod, rt.node, container.name, 'Warning', 'Failed', `Failed to pull image "${image}": ${error}`);
    const firstFailure = Object.keys(rt.imageBackoff ?? {}).length === 0;
    backOffNext(ctx, rt, image);
    pull.error = `ErrImagePull: ${error}`;
    failStart(ctx, pod, rt, container.name, pull, 'ErrImagePull', error);
    rt.due = firstFailure ? ctx.now + PLEG_RELIST : requeueAfterError(ctx, rt, pull);
    return 'pull-backoff';
  }
  const images = ctx.state.nodes[rt.node]?.images;
  if (images && !images.includes(image)) images.push(image);
  const took = goDuration(pull.endsAt - pull.startedAt);
  const total = goDuration(ctx.now - pull.requestedAt);
  recordContainerEvent(
    ctx.api,
    pod,
    rt.node,
    container.name,
    'Normal',
    'Pulled',
    `Successfully pulled image "${image}" in ${took} (${total} including waiting). Image size: ${imageSize(image)} bytes.`
  );
  delete rt.pull;
  rt.due = ctx.now + ctx.state.options.timing.containerCreate;
  return 'creating';
}

/** flowcontrol.Backoff.Next: a fresh (or expired: idle over twice the maximum) entry starts at 10 s, else doubles up to 300 s. */
function backOffNext(ctx: ControllerContext, rt: PodRuntime, image: string): void {
  const entries = (rt.imageBackoff ??= {});
  const entry = entries[image];
  const fresh = !entry || ctx.now - entry.at > 2 * IMAGE_BACKOFF_MAX;
  entries[image] = { ms: fresh ? IMAGE_BACKOFF_INITIAL : Math.min(entry.ms * 2, IMAGE_BACKOFF_MAX), at: ctx.now };
}

/**
 * The waiting state of a container whose image has not been pulled: the reason of the last failed
 * sync (the kubelet's reasonCache) until a pull succeeds, else undefined (still creating).
 */
export function pullWaitingState(rt: PodRuntime, image: string): ContainerStatus['state'] | undefined {
  const pull = rt.pull;
  if (!pull?.reason || pull.image !== image) return undefined;
  return { waiting: { reason: pull.reason, ...(pull.message ? { message: pull.message } : {}) } };
}
