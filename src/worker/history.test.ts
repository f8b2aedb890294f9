/** Record and replay: a moment rebuilt from the session history is the moment the learner saw live. */
import { describe, expect, it } from 'vitest';
import type { Cluster } from '../engine/index.ts';
import { defaultExample } from '../engine/test/fixtures.ts';
import { runCommand, runKubectl, runTerminal } from './actions.ts';
import { History, MAX_CHECKPOINTS, MAX_INSTANTS } from './history.ts';
import type { SessionAction } from './protocol.ts';
import { buildView } from './view.ts';

/** An action without its time (distributes over the union). */
type Untimed<A> = A extends SessionAction ? Omit<A, 't'> : never;
type Step = { advance: number } | { act: Untimed<SessionAction> };

/** A session with uneven advances (as wall-clock ticks give) and user actions between them. */
const SESSION: Step[] = [
  { advance: 2_300 },
  { advance: 7_700 },
  { act: { type: 'command', command: { type: 'scale', set: 'web', replicas: 4 } } },
  { advance: 12_345 },
  { act: { type: 'kubectl', line: 'kubectl set image statefulset/web nginx=nginx:1.27' } },
  { advance: 999 },
  { act: { type: 'command', command: { type: 'deletePod', pod: 'web-0', force: false } } },
  { advance: 31_000 },
  { act: { type: 'command', command: { type: 'podReadiness', pod: 'web-1', ready: false } } },
  { act: { type: 'apply', yaml: defaultExample().replace('replicas: 3', 'replicas: 2') } },
  { advance: 45_000 },
  { act: { type: 'kubectl', line: 'kubectl rollout undo statefulset/web' } },
  { advance: 120_000 },
];

function act(c: Cluster, a: SessionAction): void {
  if (a.type === 'command') runCommand(c, a.command);
  else if (a.type === 'kubectl') runKubectl(c, a.line, a.yaml ?? '');
  else if (a.type === 'terminal') runTerminal(c, a);
  else c.apply(a.yaml);
}

/** Runs SESSION live, recording, checkpointing now and then; keeps the live state at every stop. */
function runLive(opts: { checkpoints: boolean }) {
  const { history, cluster } = History.start(defaultExample(), 7);
  const moments: { time: number; snapshot: unknown; view: unknown }[] = [];
  let wall = 0;
  // A moment is its state after every action at its time: a later stop at the same time replaces it.
  const keep = () => {
    if (moments.at(-1)?.time === cluster.now()) moments.pop();
    moments.push({ time: cluster.now(), snapshot: cluster.snapshot(), view: buildView(cluster) });
  };
  keep();
  for (const step of SESSION) {
    if ('advance' in step) {
      // Several ticks per stretch, so checkpoints land between actions.
      for (let left = step.advance; left > 0; left -= 4_000) {
        cluster.advance(Math.min(4_000, left));
        wall += 10_000;
        if (opts.checkpoints) history.maybeCheckpoint(cluster, wall);
      }
    } else {
      const action = { ...step.act, t: cluster.now() } as SessionAction;
      act(cluster, action);
      history.record(action);
    }
    keep();
  }
  return { history, cluster, moments };
}

const gaps = (xs: number[]) => xs.slice(1).map((x, i) => x - (xs[i] as number));
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('session history', () => {
  it.each([{ checkpoints: true }, { checkpoints: false }])('replaying to t equals live at t (checkpoints: $checkpoints)', (opts) => {
    const { history, moments } = runLive(opts);
    if (opts.checkpoints) expect(history.checkpointCount()).toBeGreaterThan(3);
    for (const m of moments) {
      const rebuilt = history.rebuild(m.time);
      expect(rebuilt.now()).toBe(m.time);
      expect(buildView(rebuilt)).toEqual(m.view);
      expect(rebuilt.snapshot()).toEqual(m.snapshot);
    }
  });

  it('a replayed record reaches the live end, and a moment in between is the same either way', () => {
    const live = runLive({ checkpoints: true });
    const record = live.history.toRecord(live.cluster.now());
    expect(record).toBeDefined();
    const replayed = History.replay(JSON.parse(JSON.stringify(record)));
    expect(replayed.cluster.snapshot()).toEqual(live.cluster.snapshot());
    const middle = live.moments[6] as { time: number; view: unknown };
    expect(buildView(replayed.history.rebuild(middle.time))).toEqual(middle.view);
    // Replaying noted every moment something changed, for ←/→.
    expect(replayed.history.instants().length).toBeGreaterThan(SESSION.length);
  });

  it('a rebuilt cluster goes on exactly as the live one did', () => {
    const { history, cluster } = runLive({ checkpoints: true });
    const at = 30_000;
    const past = history.rebuild(at);
    const from = history.actionsUpTo(at);
    history.replayInto(past, from, cluster.now(), false);
    expect(past.snapshot()).toEqual(cluster.snapshot());
  });

  it('truncating at a moment keeps the actions up to it and drops the future', () => {
    const { history, moments } = runLive({ checkpoints: true });
    const at = (moments[5] as { time: number }).time;
    const kept = history.actionsUpTo(at);
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(history.actions.length);
    const view = buildView(history.rebuild(at));
    history.truncate(at);
    expect(history.actions).toHaveLength(kept);
    expect(history.actions.every((a) => a.t <= at)).toBe(true);
    expect(history.instants().every((t) => t <= at)).toBe(true);
    expect(buildView(history.rebuild(at))).toEqual(view);
  });

  it('stays bounded in a long session: checkpoints and instants are capped and thinned with age', () => {
    const { history, cluster } = History.start(defaultExample(), 1);
    let wall = 0;
    for (let i = 0; i < 150; i++) {
      cluster.advance(9_000 + (i % 7) * 1_000);
      wall += 5_000;
      for (let k = 0; k < 20; k++) history.noteInstant(cluster.now() + k * 10);
      history.maybeCheckpoint(cluster, wall);
      if (i % 50 === 0) history.record({ t: cluster.now(), type: 'command', command: { type: 'scale', set: 'web', replicas: 3 + (i % 3) } });
      runCommand(cluster, { type: 'scale', set: 'web', replicas: 3 + (i % 3) });
    }
    expect(history.checkpointCount()).toBeLessThanOrEqual(MAX_CHECKPOINTS);
    const instants = history.instants();
    expect(instants.length).toBeLessThanOrEqual(MAX_INSTANTS);
    expect(instants).toEqual([...instants].sort((a, b) => a - b));
    // Recent moments stay dense, old ones coarse.
    expect(mean(gaps(instants.slice(0, 200)))).toBeGreaterThan(mean(gaps(instants.slice(-200))));
  }, 60_000);
});

describe('user actions and marks', () => {
  it('counts user actions without the moments a wait ended, through records, replays and forks', () => {
    const { history } = History.start(defaultExample(), 3);
    const recorded: SessionAction[] = [
      { t: 100, type: 'terminal', line: 'kubectl delete pod web-0' },
      { t: 2_100, type: 'terminal', signal: 'resume' },
      { t: 3_000, type: 'kubectl', line: 'kubectl get pods' },
      { t: 4_000, type: 'terminal', signal: 'interrupt' },
      { t: 5_000, type: 'terminal', line: 'kubectl rollout status sts/web' },
      { t: 9_000, type: 'terminal', signal: 'resume' },
      { t: 9_500, type: 'command', command: { type: 'scale', set: 'web', replicas: 1 } },
    ];
    for (const a of recorded) history.record(a);
    expect(history.userActionCount()).toBe(5);
    expect(history.marks().map((m) => m.t)).toEqual([100, 3_000, 4_000, 5_000, 9_500]);
    const replayed = History.restored(History.replay(history.toRecord(10_000) as never).cluster.snapshot(), history.toRecord(10_000));
    expect(replayed.userActionCount()).toBe(5);
    history.truncate(8_000);
    expect(history.userActionCount()).toBe(4);
    expect(history.marks().map((m) => m.t)).toEqual([100, 3_000, 4_000, 5_000]);
    history.truncate(2_500);
    expect(history.userActionCount()).toBe(1);
    history.record({ t: 2_600, type: 'terminal', signal: 'resume' });
    expect(history.userActionCount()).toBe(1);
    expect(history.actions).toHaveLength(3);
  });

  it('keeps only the latest marks of a long record, oldest first', () => {
    const { history } = History.start(defaultExample(), 3);
    for (let i = 0; i < 1_000; i++) {
      history.record({ t: i * 10, type: 'kubectl', line: 'kubectl get pods' });
      if (i % 3 === 0) history.record({ t: i * 10 + 5, type: 'terminal', signal: 'resume' });
    }
    const marks = history.marks();
    expect(marks).toHaveLength(300);
    expect(marks[0]?.t).toBe(7_000);
    expect(marks.at(-1)?.t).toBe(9_990);
    expect(history.userActionCount()).toBe(1_000);
  });
});
