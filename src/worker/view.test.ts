/** The "why" hints and the view diffing, over real engine runs. */
import { describe, expect, it } from 'vitest';
import { createCluster } from '../engine/index.ts';
import { defaultExample, NGINX_SERVICE, webYaml } from '../engine/test/fixtures.ts';
import { applyDiff, buildView, diffViews } from './view.ts';

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
});
