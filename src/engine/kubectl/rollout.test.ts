/** kubectl rollout status/history/undo/restart for StatefulSets (statefulset.md §3.7, storage-dns-kubectl.md §4.6). */
import { describe, expect, it } from 'vitest';
import { createCluster, type Cluster } from '../index.ts';
import { defaultExample } from '../test/fixtures.ts';
import { parseGoDuration } from './rollout.ts';

const WARNING =
  "Warning: resource statefulsets/web was previously managed with 'kubectl apply'. Rolling back will not update the kubectl.kubernetes.io/last-applied-configuration annotation, which may cause unexpected behavior on future 'kubectl apply' operations. Consider using 'kubectl apply' with your previous configuration file instead.\n";

function web(): Cluster {
  const c = createCluster();
  expect(c.apply(defaultExample({ replicas: 3, image: 'registry.k8s.io/nginx-slim:0.21' })).ok).toBe(true);
  c.settle();
  return c;
}

function setImage(c: Cluster, image: string): void {
  const r = c.patch('sts', 'web', [{ op: 'replace', path: '/spec/template/spec/containers/0/image', value: image }], { type: 'json' });
  expect(r.ok).toBe(true);
}

function dedupe(lines: string[]): string[] {
  return lines.filter((l, i) => l !== lines[i - 1]);
}

describe('kubectl rollout status sts', () => {
  it('prints one line per status change while the image change rolls, then completes', () => {
    const c = web();
    setImage(c, 'registry.k8s.io/nginx-slim:0.24');
    const start = c.now();
    const r = c.kubectl('rollout status sts/web');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(c.now()).toBeGreaterThan(start);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines.at(-1)).toBe('partitioned roll out complete: 3 new pods have been updated...');
    expect(dedupe(lines)).toEqual([
      'Waiting for partitioned roll out to finish: 0 out of 3 new pods have been updated...',
      'Waiting for 1 pods to be ready...',
      'Waiting for partitioned roll out to finish: 1 out of 3 new pods have been updated...',
      'Waiting for 1 pods to be ready...',
      'Waiting for partitioned roll out to finish: 2 out of 3 new pods have been updated...',
      'Waiting for 1 pods to be ready...',
      'partitioned roll out complete: 3 new pods have been updated...',
    ]);
    for (const p of ['web-0', 'web-1', 'web-2']) {
      expect((c.get('pod', p) as unknown as { spec: { containers: { image: string }[] } }).spec.containers[0]?.image).toBe('registry.k8s.io/nginx-slim:0.24');
    }
    // Already done: a single evaluation.
    expect(c.kubectl('rollout status statefulset web')).toEqual({ code: 0, stdout: 'partitioned roll out complete: 3 new pods have been updated...\n', stderr: '' });
  });

  it('finishes after the pods above the partition are updated', () => {
    const c = web();
    expect(c.patch('sts', 'web', { spec: { updateStrategy: { rollingUpdate: { partition: 2 } } } }).ok).toBe(true);
    setImage(c, 'registry.k8s.io/nginx-slim:0.24');
    const r = c.kubectl('rollout status sts/web');
    expect(r.code).toBe(0);
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('partitioned roll out complete: 1 new pods have been updated...');
  });

  it('--watch=false prints one evaluation and does not advance time', () => {
    const c = web();
    setImage(c, 'registry.k8s.io/nginx-slim:0.24');
    const t = c.now();
    const r = c.kubectl('rollout status sts/web -w=false');
    expect(r).toEqual({ code: 0, stdout: 'Waiting for partitioned roll out to finish: 0 out of 3 new pods have been updated...\n', stderr: '' });
    expect(c.now()).toBe(t);
    expect(c.kubectl('rollout status sts/web --watch=false').stdout.split('\n').length).toBe(2);
  });

  it('--timeout bounds the wait (virtual time) with kubectl\'s error', () => {
    const c = web();
    setImage(c, 'registry.k8s.io/nginx-slim:0.24');
    const t = c.now();
    const r = c.kubectl('rollout status sts/web --timeout=2s');
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('error: timed out waiting for the condition\n');
    expect(r.stdout.startsWith('Waiting for partitioned roll out to finish: 0 out of 3 new pods have been updated...\n')).toBe(true);
    expect(c.now()).toBe(t + 2000);
    expect(c.kubectl('rollout status sts/web --timeout=abc').stderr).toBe('error: invalid argument "abc" for "--timeout" flag: time: invalid duration "abc"\n');
  });

  it('OnDelete sets have no rollout status', () => {
    const c = web();
    expect(c.patch('sts', 'web', { spec: { updateStrategy: { type: 'OnDelete', rollingUpdate: null } } }).ok).toBe(true);
    expect(c.kubectl('rollout status sts/web')).toEqual({ code: 1, stdout: '', stderr: 'error: rollout status is only available for RollingUpdate strategy type\n' });
  });

  it('missing sets and missing arguments', () => {
    const c = web();
    expect(c.kubectl('rollout status sts/nope')).toEqual({ code: 1, stdout: '', stderr: 'Error from server (NotFound): statefulsets.apps "nope" not found\n' });
    // Every rollout subcommand's Validate: "required resource not specified".
    expect(c.kubectl('rollout status')).toEqual({ code: 1, stdout: '', stderr: 'error: required resource not specified\n' });
    expect(c.kubectl('rollout history')).toEqual({ code: 1, stdout: '', stderr: 'error: required resource not specified\n' });
    expect(c.kubectl('rollout status sts/nope --revision=-1')).toEqual({ code: 1, stdout: '', stderr: 'error: revision must be a positive integer: -1\n' });
    for (const sub of ['undo', 'restart', 'pause', 'resume']) {
      expect(c.kubectl(`rollout ${sub}`)).toEqual({ code: 1, stdout: '', stderr: 'error: required resource not specified\n' });
    }
  });

  it('parses Go durations', () => {
    expect(parseGoDuration('1m30s')).toBe(90_000);
    expect(parseGoDuration('500ms')).toBe(500);
    expect(parseGoDuration('2h')).toBe(7_200_000);
    expect(parseGoDuration('10')).toBeUndefined();
  });
});

describe('kubectl rollout history sts', () => {
  it('lists revisions with change causes, and prints one revision\'s template with literal tabs', () => {
    const c = web();
    expect(c.kubectl('rollout history sts/web')).toEqual({ code: 0, stdout: 'statefulset.apps/web \nREVISION  CHANGE-CAUSE\n1         <none>\n\n', stderr: '' });
    setImage(c, 'registry.k8s.io/nginx-slim:0.24');
    c.settle();
    expect(c.kubectl('rollout history sts/web').stdout).toBe('statefulset.apps/web \nREVISION  CHANGE-CAUSE\n1         <none>\n2         <none>\n\n');
    expect(c.kubectl('rollout history sts/web --revision=2').stdout).toBe(
      [
        'statefulset.apps/web with revision #2',
        'Pod Template:',
        '  Labels:\tapp=nginx',
        '  Containers:',
        '   nginx:',
        '    Image:\tregistry.k8s.io/nginx-slim:0.24',
        '    Port:\t80/TCP (web)',
        '    Host Port:\t0/TCP (web)',
        '    Environment:\t<none>',
        '    Mounts:',
        '      /usr/share/nginx/html from www (rw)',
        '  Volumes:\t<none>',
        '  Node-Selectors:\t<none>',
        '  Tolerations:\t<none>',
        '',
        '',
      ].join('\n')
    );
    expect(c.kubectl('rollout history sts/web --revision=7')).toEqual({ code: 1, stdout: '', stderr: 'error: unable to find the specified revision\n' });
  });

  it('shows the change-cause annotation copied from the set', () => {
    const c = web();
    expect(c.patch('sts', 'web', { metadata: { annotations: { 'kubernetes.io/change-cause': 'image 0.24' } } }).ok).toBe(true);
    setImage(c, 'registry.k8s.io/nginx-slim:0.24');
    c.settle();
    expect(c.kubectl('rollout history sts web').stdout).toBe('statefulset.apps/web \nREVISION  CHANGE-CAUSE\n1         <none>\n2         image 0.24\n\n');
  });
});

describe('kubectl rollout undo sts', () => {
  it('follows StatefulSetRollbacker: no last revision, rolled back, renumbered history, skipped, not found', () => {
    const c = web();
    expect(c.kubectl('rollout undo sts/web')).toEqual({ code: 1, stdout: '', stderr: `${WARNING}error: no last revision to roll back to\n` });
    setImage(c, 'registry.k8s.io/nginx-slim:0.24');
    c.settle();
    expect(c.kubectl('rollout undo sts/web --to-revision=2')).toEqual({
      code: 0,
      stdout: 'statefulset.apps/web skipped rollback (current template already matches revision 2)\n',
      stderr: WARNING,
    });
    expect(c.kubectl('rollout undo sts/web --to-revision=5').stderr).toBe(`${WARNING}error: unable to find specified revision 5 in history\n`);
    expect(c.kubectl('rollout undo sts/web --to-revision=-1').stderr).toBe(`${WARNING}error: unable to find specified revision -1 in history\n`);
    expect(c.kubectl('rollout undo sts/web')).toEqual({ code: 0, stdout: 'statefulset.apps/web rolled back\n', stderr: WARNING });
    const set = c.get('sts', 'web') as unknown as { spec: { template: { spec: { containers: { image: string }[] } } } };
    expect(set.spec.template.spec.containers[0]?.image).toBe('registry.k8s.io/nginx-slim:0.21');
    expect(c.kubectl('rollout status sts/web').stdout.trimEnd().split('\n').at(-1)).toBe('partitioned roll out complete: 3 new pods have been updated...');
    expect(c.kubectl('rollout history sts/web').stdout).toBe('statefulset.apps/web \nREVISION  CHANGE-CAUSE\n2         <none>\n3         <none>\n\n');
    // The default target is now revision 2; the template equals revision 3 → skipped with the given number.
    expect(c.kubectl('rollout undo sts/web --to-revision=3').stdout).toBe('statefulset.apps/web skipped rollback (current template already matches revision 3)\n');
    expect(c.kubectl('rollout undo sts/nope')).toEqual({ code: 1, stdout: '', stderr: 'Error from server (NotFound): statefulsets.apps "nope" not found\n' });
  });
});

describe('kubectl rollout restart sts', () => {
  it('stamps the template with restartedAt (virtual time) and rolls every pod', () => {
    const c = web();
    const before = (c.get('pod', 'web-0') as unknown as { metadata: { uid: string } }).metadata.uid;
    expect(c.kubectl('rollout restart sts/web')).toEqual({ code: 0, stdout: 'statefulset.apps/web restarted\n', stderr: '' });
    const set = c.get('sts', 'web') as unknown as { spec: { template: { metadata: { annotations: Record<string, string> } } } };
    expect(set.spec.template.metadata.annotations['kubectl.kubernetes.io/restartedAt']).toMatch(/^2026-01-01T00:00:\d\dZ$/);
    expect(c.kubectl('rollout restart sts/web')).toEqual({
      code: 1,
      stdout: '',
      stderr: 'error: failed to create patch for web: if restart has already been triggered within the past second, please wait before attempting to trigger another\n',
    });
    expect(c.kubectl('rollout status sts/web').code).toBe(0);
    expect((c.get('pod', 'web-0') as unknown as { metadata: { uid: string } }).metadata.uid).not.toBe(before);
    expect(c.kubectl('rollout history sts/web').stdout).toBe('statefulset.apps/web \nREVISION  CHANGE-CAUSE\n1         <none>\n2         <none>\n\n');
  });
});
