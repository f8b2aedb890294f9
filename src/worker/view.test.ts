/** The "why" hints and the view diffing, over real engine runs. */
import { describe, expect, it } from 'vitest';
import { createCluster } from '../engine/index.ts';
import { defaultExample, NGINX_SERVICE, webYaml } from '../engine/test/fixtures.ts';
import { applyDiff, buildView, diffViews, ViewBuilder } from './view.ts';

const ids = (c: ReturnType<typeof createCluster>) => buildView(c).hints.map((h) => h.id);

describe('why hints', () => {
  it('OrderedReady creation waits for the predecessor', () => {
    const c = createCluster();
    c.apply(defaultExample());
    c.advance(3_000);
    expect(buildView(c).hints).toContainEqual({ id: 'orderedWaiting', params: { set: 'web', next: 'web-1', blocker: 'web-0' } });
  });

  it('a broken image stops the rollout, and the page says what it waits for', () => {
    const c = createCluster();
    c.apply(defaultExample());
    c.settle();
    expect(ids(c)).toEqual(['settled']);
    c.patch('sts', 'web', { spec: { template: { spec: { containers: [{ name: 'nginx', image: 'nginx:broken' }] } } } });
    c.advance(60_000);
    expect(ids(c)).toContain('imagePull');
    expect(buildView(c).hints).toContainEqual({ id: 'rolloutWaiting', params: { set: 'web', pod: 'web-2', next: 'web-1' } });
  });

  it('partition holds lower ordinals at the old revision; a missing class is named', () => {
    const c = createCluster();
    c.apply(defaultExample({ extraSpec: '  updateStrategy:\n    rollingUpdate:\n      partition: 2\n' }));
    c.settle();
    c.patch('sts', 'web', { spec: { template: { spec: { containers: [{ name: 'nginx', image: 'nginx:v2' }] } } } });
    c.settle();
    expect(buildView(c).hints).toContainEqual({ id: 'partitionHold', params: { set: 'web', partition: 2, pods: 'web-0, web-1' } });
    const d = createCluster();
    d.apply(`${NGINX_SERVICE}---\n${webYaml({ replicas: 1 }).replace('      resources:', '      storageClassName: managed-nfs-storage\n      resources:')}`);
    d.advance(5_000);
    expect(buildView(d).hints).toContainEqual({ id: 'missingClass', params: { claim: 'www-web-0', storageClass: 'managed-nfs-storage' } });
  });
  it('never says "settled" while any pod, termination or claim is still in progress', () => {
    const c = createCluster();
    c.apply(defaultExample({ policy: 'Parallel' }));
    let sawSettled = false;
    // Walk the whole creation, a deletion and a scale-down; at every step "settled" must agree with the state.
    const check = () => {
      const view = buildView(c);
      const busy =
        view.pods.some((p) => !p.ready || p.terminating) ||
        view.claims.some((cl) => cl.phase !== 'Bound') ||
        view.sets.some((set) => view.pods.filter((p) => p.set === set.name).length !== set.replicas);
      const settled = view.hints.some((h) => h.id === 'settled');
      expect(settled && busy).toBe(false);
      if (!busy && view.sets.length > 0) expect(settled).toBe(true);
      sawSettled ||= settled;
    };
    for (let t = 0; t < 40; t++) {
      c.advance(500);
      check();
    }
    c.delete('pod', 'web-1');
    c.advance(200);
    expect(buildView(c).hints.map((h) => h.id)).toContain('podsTerminating');
    for (let t = 0; t < 40; t++) {
      c.advance(500);
      check();
    }
    expect(sawSettled).toBe(true);
    c.scale('sts', 'web', 5);
    c.advance(1_000);
    expect(buildView(c).hints.find((h) => h.id === 'podsNotReady')?.params['pods']).toMatch(/web-3 \(/);
  });
  it('a hint about one object does not silence another of the same name', () => {
    // A Deployment and a StatefulSet both called "web": the Deployment's rollout hints name "web",
    // but the StatefulSet still short of pods must be explained on its own.
    const c = createCluster({ nodes: 1 });
    c.apply(defaultExample({ policy: 'Parallel' }).replace('replicas: 3', 'replicas: 2'));
    c.apply(`apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web-deploy}}
  template:
    metadata: {labels: {app: web-deploy}}
    spec: {containers: [{name: nginx, image: 'nginx:1.27'}]}
`);
    c.settle(600_000);
    c.patch('deploy', 'web', { spec: { template: { spec: { containers: [{ name: 'nginx', image: 'nginx:1.28' }] } } } });
    // The API server refuses the set's new pods for now, so it stays short of them.
    c.inject({ type: 'reject', verb: 'create', kind: 'Pod', times: 100 });
    c.scale('sts', 'web', 8);
    c.advance(100);
    const hints = buildView(c).hints;
    expect(hints.some((h) => h.id.startsWith('deploy') && Object.values(h.params).includes('web'))).toBe(true);
    expect(hints.find((h) => h.id === 'setReconciling')?.params).toMatchObject({ set: 'web', want: 8 });
  });
});

describe('view diffs', () => {
  it('applying the diff of two views gives the second view', () => {
    const c = createCluster();
    c.apply(defaultExample());
    c.advance(5_000);
    const a = buildView(c);
    c.advance(20_000);
    c.delete('pod', 'web-0');
    const b = buildView(c);
    expect(applyDiff(a, diffViews(a, b))).toEqual(b);
  });

  it('an incremental build equals a fresh one, and its diffs carry only what changed', () => {
    const c = createCluster();
    c.apply(defaultExample());
    const builder = new ViewBuilder(c);
    let page = builder.build().view;
    const steps: ((x: typeof c) => unknown)[] = [
      (x) => x.advance(30_000),
      (x) => x.scale('sts', 'web', 5),
      (x) => x.advance(40_000),
      (x) => x.delete('pod', 'web-1'),
      (x) => x.advance(500),
      (x) => x.patch('sts', 'web', { spec: { template: { spec: { containers: [{ name: 'nginx', image: 'nginx:v2' }] } } } }),
      (x) => x.advance(90_000),
      (x) => x.delete('pvc', 'www-web-4'),
      (x) => x.scale('sts', 'web', 2),
      (x) => x.advance(60_000),
    ];
    for (const step of steps) {
      step(c);
      const { view, diff } = builder.build();
      expect(diff).toBeDefined();
      if (!diff) return;
      page = applyDiff(page, diff);
      const fresh = buildView(c);
      expect(view).toEqual(fresh);
      expect(page).toEqual(fresh);
    }
    // Nothing happened: nothing but the clock.
    expect(builder.build().diff).toEqual({ time: c.now(), upserts: {}, removes: {} });
  });

  it('stays equal to a fresh build across its periodic re-listing, events included', () => {
    const c = createCluster();
    c.apply(webYaml({ replicas: 3, policy: 'Parallel' }));
    const builder = new ViewBuilder(c);
    let page = builder.build().view;
    for (let i = 0; i < 120; i++) {
      // Something happens every second for a while, whichever build re-lists.
      if (i >= 40 && i < 56) c.scale('sts', 'web', 3 + (i % 3));
      c.advance(1_000);
      const { diff } = builder.build();
      if (diff) page = applyDiff(page, diff);
    }
    expect(page).toEqual(buildView(c));
    expect(page.events.some((e) => e.reason === 'SuccessfulCreate' && e.message.includes('web-4') && e.count > 1)).toBe(true);
  });
});
