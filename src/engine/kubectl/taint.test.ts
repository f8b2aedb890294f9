/** kubectl taint: parsing, the tainted/untainted/modified words, kubectl's errors, and the scheduler seeing the taint. */
import { describe, expect, it } from 'vitest';
import { createCluster, type Cluster } from '../index.ts';

function taintsOf(c: Cluster, node: string): unknown {
  return (c.get('node', node)?.['spec'] as { taints?: unknown } | undefined)?.taints;
}

describe('kubectl taint nodes', () => {
  it('adds, overwrites and removes taints with kubectl\'s words', () => {
    const c = createCluster({ nodes: 3 });
    expect(c.kubectl('taint nodes node-1 dedicated=db:NoSchedule')).toEqual({ code: 0, stdout: 'node/node-1 tainted\n', stderr: '' });
    expect(taintsOf(c, 'node-1')).toEqual([{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }]);
    expect(c.kubectl('taint nodes node-1 dedicated=web:NoSchedule')).toEqual({
      code: 1,
      stdout: '',
      stderr: 'error: node node-1 already has dedicated taint(s) with same effect(s) and --overwrite is false\n',
    });
    expect(c.kubectl('taint nodes node-1 dedicated=web:NoSchedule --overwrite').stdout).toBe('node/node-1 modified\n');
    expect(taintsOf(c, 'node-1')).toEqual([{ key: 'dedicated', value: 'web', effect: 'NoSchedule' }]);
    expect(c.kubectl('taint node node-1 dedicated:NoSchedule-').stdout).toBe('node/node-1 untainted\n');
    expect(taintsOf(c, 'node-1')).toBeUndefined();
    expect(c.kubectl('taint node node-1 dedicated-')).toEqual({ code: 1, stdout: '', stderr: 'error: taint "dedicated" not found\n' });
  });

  it('takes the out-of-service taint the NFS lesson uses, and a key-only removal drops every effect', () => {
    const c = createCluster({ nodes: 2 });
    expect(c.kubectl('taint nodes node-2 node.kubernetes.io/out-of-service=nodeshutdown:NoExecute').stdout).toBe('node/node-2 tainted\n');
    expect(c.kubectl('taint nodes node-2 node.kubernetes.io/out-of-service=nodeshutdown:NoSchedule').stdout).toBe('node/node-2 tainted\n');
    expect(taintsOf(c, 'node-2')).toEqual([
      { key: 'node.kubernetes.io/out-of-service', value: 'nodeshutdown', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/out-of-service', value: 'nodeshutdown', effect: 'NoExecute' },
    ]);
    expect(c.kubectl('taint nodes node-2 node.kubernetes.io/out-of-service-').stdout).toBe('node/node-2 untainted\n');
    expect(taintsOf(c, 'node-2')).toBeUndefined();
  });

  it('taints every node with --all, and the scheduler then keeps a pod off them', () => {
    const c = createCluster({ nodes: 2 });
    expect(c.kubectl('taint nodes --all maintenance:NoSchedule').stdout).toBe('node/node-1 tainted\nnode/node-2 tainted\n');
    c.apply('apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: app\n    image: registry.k8s.io/nginx-slim:0.24\n');
    c.settle();
    expect(c.kubectl('get pod p').stdout).toMatch(/p +0\/1 +Pending/);
    expect(c.kubectl('taint nodes node-1 maintenance:NoSchedule-').stdout).toBe('node/node-1 untainted\n');
    c.settle();
    expect((c.get('pod', 'p')?.['spec'] as { nodeName?: string } | undefined)?.nodeName).toBe('node-1');
  });

  it.each([
    ['taint nodes node-1', 'error: at least one taint update is required'],
    ['taint dedicated=db:NoSchedule', 'error: one or more resources must be specified as <resource> <name>'],
    ['taint nodes dedicated=db:NoSchedule', "error: at least one resource name must be specified since 'all' parameter is not set"],
    ['taint nodes node-1 a=b:NoSchedule node-2', 'error: all resources must be specified before taint changes: node-2'],
    ['taint pods web-0 a=b:NoSchedule', 'error: invalid resource type pods, only node types are supported'],
    ['taint nodes node-1 a=b:Sometimes', "error: invalid taint effect: Sometimes, unsupported taint effect\nSee 'kubectl taint -h' for help and examples"],
    ['taint nodes node-1 a=b=c:NoSchedule', "error: invalid taint spec: a=b=c:NoSchedule\nSee 'kubectl taint -h' for help and examples"],
    // Without an effect the whole word is the key, which is then not a qualified name.
    ['taint nodes node-1 a=b', "error: invalid taint spec: a=b, name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')\nSee 'kubectl taint -h' for help and examples"],
    ['taint nodes node-1 a=b:NoSchedule a=c:NoSchedule', "error: duplicated taints with the same key and effect: {a c NoSchedule <nil>}\nSee 'kubectl taint -h' for help and examples"],
    ['taint nodes node-1 a=b:NoSchedule a-', 'error: can not both modify and remove the following taint(s) in the same command: a='],
    ['taint nodes node-9 a=b:NoSchedule', 'Error from server (NotFound): nodes "node-9" not found'],
  ])('%s', (line, stderr) => {
    const c = createCluster({ nodes: 2 });
    expect(c.kubectl(line)).toEqual({ code: 1, stdout: '', stderr: `${stderr}\n` });
  });
});
