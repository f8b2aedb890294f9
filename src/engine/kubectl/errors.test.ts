/** kubectl's errors for what learners mistype, across command families. */
import { describe, expect, it } from 'vitest';
import { createCluster } from '../index.ts';
import { defaultExample } from '../test/fixtures.ts';

const cluster = createCluster();
cluster.apply(defaultExample());
cluster.settle();

const cases: { line: string; code: number; stderr: string | RegExp }[] = [
  { line: 'kubectl get pdos', code: 1, stderr: `error: the server doesn't have a resource type "pdos"\n` },
  { line: 'kubectl describe statefulsett web', code: 1, stderr: /the server doesn't have a resource type "statefulsett"/ },
  { line: 'kubectl get pods --colour', code: 1, stderr: 'error: unknown flag: --colour\n' },
  { line: 'kubectl delete pod web-7', code: 1, stderr: 'Error from server (NotFound): pods "web-7" not found\n' },
  { line: 'kubectl describe sts db', code: 1, stderr: 'Error from server (NotFound): statefulsets.apps "db" not found\n' },
  { line: 'kubectl scale sts db --replicas=2', code: 1, stderr: /statefulsets\.apps "db" not found/ },
  { line: 'kubectl rollout status sts/db', code: 1, stderr: /statefulsets\.apps "db" not found/ },
  { line: 'kubectl exec web-9 -- hostname', code: 1, stderr: 'Error from server (NotFound): pods "web-9" not found\n' },
  { line: 'kubectl get pods -n nowhere', code: 0, stderr: 'No resources found in nowhere namespace.\n' },
  { line: 'kubectl rollout foo sts/web', code: 1, stderr: /unknown command "foo" for "kubectl rollout"/ },
];

describe('kubectl errors', () => {
  for (const c of cases) {
    it(c.line, () => {
      const result = cluster.kubectl(c.line);
      expect(result.code).toBe(c.code);
      if (typeof c.stderr === 'string') expect(result.stderr).toBe(c.stderr);
      else expect(result.stderr).toMatch(c.stderr);
    });
  }
});

describe('kubectlWatch (the console streams get -w)', () => {
  it('prints the current rows, then a row per change as time advances', () => {
    const c = createCluster();
    c.apply(defaultExample({ replicas: 1 }));
    c.settle();
    const watch = c.kubectlWatch('kubectl get pods -w -l app=nginx');
    expect(watch?.initial.stdout).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\nweb-0\s+1\/1\s+Running/);
    expect(watch?.poll()).toBe('');
    c.scale('sts', 'web', 2);
    c.settle();
    const rows = watch?.poll() ?? '';
    expect(rows.split('\n').filter(Boolean).every((l) => l.startsWith('web-1'))).toBe(true);
    expect(rows).toMatch(/web-1\s+0\/1\s+Pending/);
    expect(rows).toMatch(/web-1\s+1\/1\s+Running/);
    expect(c.kubectlWatch('kubectl get pods')).toBeUndefined();
    expect(c.kubectlWatch('kubectl get pods -w --request-timeout=5s')).toBeUndefined();
  });
});
