/**
 * The session record and its checkpoints: how the cluster was made (seed, YAML), every user action at
 * its virtual time, and snapshots taken now and then so any past moment is rebuilt fast. The engine
 * is deterministic, so restoring the nearest checkpoint at or before a moment and replaying the
 * actions after it gives exactly the cluster the learner saw at that moment.
 *
 * Memory stays bounded in a long session: checkpoints are capped by count and by the objects they
 * hold (thinned as they age: old ones far apart, recent ones close), change instants are capped and
 * thinned the same way, and only the latest marks go to the page.
 */
import { createCluster, restoreCluster, type Cluster, type ClusterState } from '../engine/index.ts';
import { actionLabel, perform } from './actions.ts';
import type { SessionAction, SessionRecord, TimelineMark } from './protocol.ts';

/** A checkpoint is due after this much virtual time … */
export const CHECKPOINT_EVERY_MS = 10_000;
/** … and no more than this many are kept … */
export const MAX_CHECKPOINTS = 24;
/** … nor more stored objects than this over all of them (1,000 pods with claims, volumes and events: 8,000–10,000 each). */
export const MAX_CHECKPOINT_OBJECTS = 40_000;
/** Moments something changed, for ←/→ and the activity strip. */
export const MAX_INSTANTS = 2_000;
/** User actions drawn as marks (the record keeps them all). */
export const MAX_MARKS = 300;

interface Checkpoint {
  time: number;
  /** How many recorded actions the snapshot already contains. */
  actions: number;
  snapshot: ClusterState;
  objects: number;
}

function countObjects(state: ClusterState): number {
  let n = 0;
  for (const bucket of Object.values(state.objects)) n += Object.keys(bucket).length;
  return n;
}

/** The index of the checkpoint to drop: the one whose neighbours stay closest, weighted by age. */
function thinIndex(times: number[], latest: number): number {
  let best = -1;
  let bestScore = Infinity;
  for (let i = 1; i < times.length - 1; i++) {
    const gap = (times[i + 1] as number) - (times[i - 1] as number);
    const age = latest - (times[i] as number) + CHECKPOINT_EVERY_MS;
    const score = gap / age;
    if (score < bestScore) {
      bestScore = score;
      best = i;
    }
  }
  return best;
}

/** The moment a console wait ended: recorded so replays resume there, but not a user action. */
function isResume(action: SessionAction): boolean {
  return action.type === 'terminal' && action.signal === 'resume';
}

function countResumes(actions: readonly SessionAction[]): number {
  let n = 0;
  for (const a of actions) if (isResume(a)) n++;
  return n;
}

export class History {
  readonly seed: number;
  readonly yaml: string;
  readonly actions: SessionAction[];
  /**
   * A restored cluster with no record of how it came about: the timeline starts at this snapshot,
   * and there is nothing to share.
   */
  private readonly base: ClusterState | undefined;
  private checkpoints: Checkpoint[] = [];
  private instantTimes: number[] = [];
  private lastCheckpointWall = -Infinity;
  private snapshotCostMs = 0;
  /** How many of `actions` are the moments a console wait ended (kept with every push and trim). */
  private resumes = 0;

  private constructor(seed: number, yaml: string, actions: SessionAction[], base?: ClusterState) {
    this.seed = seed;
    this.yaml = yaml;
    this.actions = actions;
    this.base = base;
    this.resumes = countResumes(actions);
  }

  /** A new session: the cluster made from `seed` and `yaml`, and its (empty) record. */
  static start(yaml: string, seed = 1): { history: History; cluster: Cluster; result: ReturnType<Cluster['apply']> } {
    const history = new History(seed, yaml, []);
    const cluster = createCluster({ seed });
    const result = cluster.apply(yaml);
    return { history, cluster, result };
  }

  /** A recorded session replayed to its end (a share link, or the record of a restored snapshot). */
  static replay(record: SessionRecord): { history: History; cluster: Cluster } {
    const history = new History(record.seed, record.yaml, record.actions.slice());
    const { cluster } = History.start(record.yaml, record.seed);
    history.replayInto(cluster, 0, record.end, true);
    return { history, cluster };
  }

  /** A cluster restored from a snapshot: with its record when the page kept one, else from here on only. */
  static restored(snapshot: ClusterState, record: SessionRecord | undefined): History {
    if (record && record.end === snapshot.now) {
      const history = new History(record.seed, record.yaml, record.actions.slice());
      history.checkpoints.push({ time: snapshot.now, actions: record.actions.length, snapshot, objects: countObjects(snapshot) });
      history.noteInstant(snapshot.now);
      return history;
    }
    return new History(snapshot.options.seed, '', [], snapshot);
  }

  /** The timeline starts here: 0, or the snapshot a record-less restore began from. */
  get start(): number {
    return this.base?.now ?? 0;
  }

  /** False when the session began from a snapshot without a record (nothing to put in a link). */
  get shareable(): boolean {
    return this.base === undefined;
  }

  record(action: SessionAction): void {
    this.actions.push(action);
    if (isResume(action)) this.resumes++;
    this.noteInstant(action.t);
  }

  /** Something changed at `time` (live): a stop for ←/→. */
  noteInstant(time: number): void {
    const list = this.instantTimes;
    const last = list.at(-1);
    if (last !== undefined && last >= time) {
      if (last === time) return;
      // Out of order only after a fork trimmed the list: keep it sorted.
      const at = list.findIndex((t) => t >= time);
      if (list[at] !== time) list.splice(at, 0, time);
    } else list.push(time);
    if (list.length > MAX_INSTANTS) {
      // Thin the older half: every second one goes, so old stretches keep a coarser grid.
      const half = Math.floor(list.length / 2);
      const older = list.slice(0, half).filter((_, i) => i % 2 === 0);
      this.instantTimes = [...older, ...list.slice(half)];
    }
  }

  instants(): number[] {
    return this.instantTimes.slice();
  }

  /** How many user actions the record holds (the moments a console wait ended are not actions). */
  userActionCount(): number {
    return this.actions.length - this.resumes;
  }

  /** The latest user actions as marks, oldest first (read from the end: the record may be long). */
  marks(): TimelineMark[] {
    const marks: TimelineMark[] = [];
    for (let i = this.actions.length - 1; i >= 0 && marks.length < MAX_MARKS; i--) {
      const a = this.actions[i] as SessionAction;
      // A wait that ended is part of the command before it, not a mark of its own.
      if (!isResume(a)) marks.push({ t: a.t, kind: a.type, label: actionLabel(a) });
    }
    return marks.reverse();
  }

  /**
   * Takes a checkpoint of the live cluster when one is due: enough virtual time since the last one,
   * and enough wall time that snapshots cost at most a twentieth of it.
   */
  maybeCheckpoint(cluster: Cluster, wallMs: number, force = false): void {
    const last = this.checkpoints.at(-1);
    const now = cluster.now();
    if (last && last.time === now && last.actions === this.actions.length) return;
    if (!force) {
      if (now - (last?.time ?? this.start) < CHECKPOINT_EVERY_MS) return;
      if (wallMs - this.lastCheckpointWall < Math.max(250, this.snapshotCostMs * 20)) return;
    }
    const began = performance.now();
    const snapshot = cluster.snapshot();
    this.snapshotCostMs = performance.now() - began;
    this.lastCheckpointWall = wallMs;
    this.checkpoints.push({ time: now, actions: this.actions.length, snapshot, objects: countObjects(snapshot) });
    this.thin();
  }

  private thin(): void {
    const cps = this.checkpoints;
    let objects = cps.reduce((n, c) => n + c.objects, 0);
    while (cps.length > 1 && (cps.length > MAX_CHECKPOINTS || objects > MAX_CHECKPOINT_OBJECTS)) {
      const latest = (cps.at(-1) as Checkpoint).time;
      // The newest always stays; with two left the older one goes.
      const i = cps.length > 2 ? thinIndex(cps.map((c) => c.time), latest) : 0;
      const [gone] = cps.splice(Math.max(0, i), 1);
      objects -= gone?.objects ?? 0;
    }
  }

  /** The time of the checkpoint a rebuild of `time` would start from (the start when none). */
  nearestCheckpoint(time: number): number {
    let best = this.start;
    for (const c of this.checkpoints) if (c.time <= time) best = c.time;
    return best;
  }

  /** How many checkpoints are held (tests and the README's figures). */
  checkpointCount(): number {
    return this.checkpoints.length;
  }

  /**
   * The cluster as it was at virtual `time`, with every action recorded at or before it applied
   * (a kubectl line that moved time itself may leave the clock a little later).
   */
  rebuild(time: number): Cluster {
    const target = Math.max(time, this.start);
    let cp: Checkpoint | undefined;
    for (const c of this.checkpoints) if (c.time <= target) cp = c;
    let cluster: Cluster;
    let next = 0;
    if (cp) {
      cluster = restoreCluster(cp.snapshot);
      next = cp.actions;
    } else if (this.base) {
      cluster = restoreCluster(this.base);
    } else {
      cluster = History.start(this.yaml, this.seed).cluster;
    }
    this.replayInto(cluster, next, target, false);
    return cluster;
  }

  /**
   * Plays `cluster` (at some past moment, with `from` actions in it) forward to `target`, applying
   * each recorded action at its time. Returns how many actions the cluster now contains.
   */
  replayInto(cluster: Cluster, from: number, target: number, noteInstants: boolean): number {
    let i = from;
    let since = cluster.now();
    const collect = () => {
      if (!noteInstants) return;
      // Within the change log's retained window (5 min), so no write is missed.
      for (const change of cluster.changes(since)) this.noteInstant(change.time);
      since = cluster.now();
    };
    const advanceTo = (t: number) => {
      while (cluster.now() < t) {
        cluster.advance(Math.min(t - cluster.now(), 60_000));
        collect();
      }
    };
    for (; i < this.actions.length; i++) {
      const action = this.actions[i] as SessionAction;
      if (action.t > target) break;
      advanceTo(action.t);
      perform(cluster, action);
      if (noteInstants) this.noteInstant(action.t);
      collect();
    }
    advanceTo(target);
    return i;
  }

  /** How many recorded actions happened at or before `time`. */
  actionsUpTo(time: number): number {
    let n = 0;
    while (n < this.actions.length && (this.actions[n] as SessionAction).t <= time) n++;
    return n;
  }

  /** Continue from `time`: every action, checkpoint and instant after it is discarded. */
  truncate(time: number): void {
    const gone = this.actions.splice(this.actionsUpTo(time));
    this.resumes -= countResumes(gone);
    this.checkpoints = this.checkpoints.filter((c) => c.time <= time && c.actions <= this.actions.length);
    this.instantTimes = this.instantTimes.filter((t) => t <= time);
  }

  /** The record up to `end` (the live end), or undefined when the session cannot be replayed. */
  toRecord(end: number): SessionRecord | undefined {
    if (!this.shareable) return undefined;
    return { seed: this.seed, yaml: this.yaml, actions: this.actions.slice(), end };
  }
}
