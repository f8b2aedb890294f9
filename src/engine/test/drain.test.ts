/**
 * kubectl drain beyond evictions: --disable-eviction (plain deletes, no budget consulted) and
 * GetPodsForDeletion's filters (pkg/drain/filters.go) with --force and --delete-emptydir-data.
 */
import { describe, expect, it } from 'vitest';
import { createCluster, type Cluster } from '../index.ts';
import { webYaml } from './fixtures.ts';

function pinnedPod(name: string, node: string, emptyDir: boolean): string {
  const volume = emptyDir ? '    volumeMounts:\n    - name: tmp\n      mountPath: /tmp\n  volumes:\n  - name: tmp\n    emptyDir: {}\n' : '';
  return `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\nspec:\n  nodeName: ${node}\n  terminationGracePeriodSeconds: 5\n  containers:\n  - name: app\n    image: registry.k8s.io/nginx-slim:0.24\n${volume}`;
}

function bareCluster(): Cluster {
  const c = createCluster({ nodes: 2 });
  expect(c.apply(`${pinnedPod('bare', 'node-1', false)}---\n${pinnedPod('bare-tmp', 'node-1', true)}`).errors).toEqual([]);
  c.settle();
  return c;
}

const UNMANAGED = 'cannot delete Pods that declare no controller (use --force to override): default/bare';
const LOCAL = 'cannot delete Pods with local storage (use --delete-emptydir-data to override): default/bare-tmp';

describe('kubectl drain: pods it will not delete', () => {
  it('refuses unmanaged and emptyDir pods, each pod under the first filter that stops it', () => {
    const c = bareCluster();
    const r = c.kubectl('drain node-1');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('node/node-1 cordoned\n');
    // bare-tmp has no controller either, but the local-storage filter stops it first.
    expect(r.stderr).toBe(
      [
        `error: unable to drain node "node-1" due to error: [${UNMANAGED}, ${LOCAL}], continuing command...`,
        'There are pending nodes to be drained:',
        ' node-1',
        UNMANAGED,
        LOCAL,
        '',
      ].join('\n')
    );
    expect(c.get('pod', 'bare')?.metadata.deletionTimestamp).toBeUndefined();
  });

  it('--force lets the unmanaged pod go but still stops at local storage', () => {
    const c = bareCluster();
    const r = c.kubectl('drain node-1 --force');
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n')[0]).toBe(`error: unable to drain node "node-1" due to error: ${LOCAL}, continuing command...`);
  });

  it('--force --delete-emptydir-data warns once per pod (the last filter\'s warning) and evicts both', () => {
    const c = bareCluster();
    const r = c.kubectl('drain node-1 --force --delete-emptydir-data');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('Warning: deleting Pods that declare no controller: default/bare, default/bare-tmp\n');
    expect(r.stdout).toBe(
      'node/node-1 cordoned\nevicting pod default/bare\nevicting pod default/bare-tmp\npod/bare evicted\npod/bare-tmp evicted\nnode/node-1 drained\n'
    );
    expect(c.get('pod', 'bare')).toBeUndefined();
  });

  it('rejects a --grace-period that is not a number', () => {
    const c = bareCluster();
    expect(c.kubectl('drain node-1 --grace-period=soon').stderr).toBe(
      'error: invalid argument "soon" for "--grace-period" flag: strconv.ParseInt: parsing "soon": invalid syntax\n'
    );
  });
});

/** Two web pods under a budget (minAvailable: 2) that allows no eviction; the node of web-0 and its pods. */
function blocked(containerStop?: number): { c: Cluster; node: string; names: string[] } {
  const c = createCluster({ nodes: 2, ...(containerStop ? { timing: { containerStop } } : {}) });
  const budget = 'apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: web-pdb\nspec:\n  minAvailable: 2\n  selector:\n    matchLabels:\n      app: nginx\n';
  expect(c.apply(`${webYaml({ replicas: 2, claims: false })}---\n${budget}`).errors).toEqual([]);
  c.settle();
  const node = ((c.get('pod', 'web-0')?.['spec'] ?? {}) as { nodeName: string }).nodeName;
  const names = c
    .list('pod')
    .filter((p) => (p['spec'] as { nodeName?: string }).nodeName === node)
    .map((p) => p.metadata.name)
    .sort();
  return { c, node, names };
}

describe('kubectl drain --disable-eviction', () => {
  it('deletes instead of evicting, so a budget that allows no disruption does not hold it up', () => {
    const { c, node, names } = blocked();
    const r = c.kubectl(`drain ${node} --disable-eviction`);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe([`node/${node} cordoned`, ...names.map((n) => `pod/${n} deleted`), `node/${node} drained`, ''].join('\n'));
    expect(r.code).toBe(0);
    // The same drain with evictions is refused by the budget.
    const other = blocked();
    const refused = other.c.kubectl(`drain ${other.node} --timeout=6s`);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("Cannot evict pod as it would violate the pod's disruption budget.");
  });

  it('gives up waiting at --timeout with the deletion error', () => {
    // Containers that take 10 s to stop, drained with 30 s of grace but 2 s of patience.
    const { c, node, names } = blocked(10_000);
    const r = c.kubectl(`drain ${node} --disable-eviction --timeout=2s --grace-period=30`);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(`node/${node} cordoned\n`);
    expect(r.stderr).toBe(
      [
        `There are pending pods in node "${node}" when an error occurred: context deadline exceeded`,
        ...names.map((n) => `pod/${n}`),
        `error: unable to drain node "${node}" due to error: context deadline exceeded, continuing command...`,
        'There are pending nodes to be drained:',
        ` ${node}`,
        'error: context deadline exceeded',
        '',
      ].join('\n')
    );
  });

  it('--dry-run=server deletes nothing', () => {
    const { c, node } = blocked();
    const before = c.changes().length;
    const r = c.kubectl(`drain ${node} --disable-eviction --dry-run=server`);
    expect(r).toEqual({ code: 0, stdout: `node/${node} cordoned (server dry run)\nnode/${node} drained (server dry run)\n`, stderr: '' });
    expect(c.changes()).toHaveLength(before);
  });
});
