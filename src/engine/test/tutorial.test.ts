/** The "StatefulSet Basics" tutorial, replayed end to end through kubectl() (§5.1). */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createCluster, runScript } from '../index.ts';

const SCRIPT = readFileSync(new URL('../../../public/scripts/statefulset-basics.sh', import.meta.url), 'utf8');

/** The NAME column of a `kubectl get` table. */
function names(text: string | undefined): (string | undefined)[] {
  return (text ?? '').split('\n').slice(1).filter(Boolean).map((l) => l.split(/\s+/)[0]);
}

function outputOf(steps: ReturnType<typeof runScript>['steps'], command: string): string[] {
  return steps.filter((s) => s.command === command).map((s) => `${s.stdout}${s.stderr}`);
}

describe('StatefulSet Basics, replayed', () => {
  const result = runScript(createCluster(), SCRIPT);
  const steps = result.steps;

  it('every command succeeds', () => {
    expect(steps.filter((s) => s.code !== 0).map((s) => `${s.command}: ${s.stderr}`)).toEqual([]);
    expect(result.code).toBe(0);
  });

  it('creates web-0 then web-1, with stable hostnames and DNS names', () => {
    expect(outputOf(steps, 'kubectl apply -f web.yaml')[0]).toBe('service/nginx created\nstatefulset.apps/web created\n');
    expect(outputOf(steps, `kubectl exec "web-0" -- sh -c 'hostname'`)).toEqual(['web-0\n']);
    expect(outputOf(steps, `kubectl exec "web-1" -- sh -c 'hostname'`)).toEqual(['web-1\n']);
    const lookup = outputOf(steps, 'kubectl run -i --tty --image busybox:1.28 dns-test --restart=Never --rm -- nslookup web-0.nginx')[0] ?? '';
    expect(lookup).toMatch(/^Server:    10\.96\.0\.10\nAddress 1: 10\.96\.0\.10 kube-dns\.kube-system\.svc\.cluster\.local\n\nName:      web-0\.nginx\nAddress 1: 10\.244\.\d+\.\d+ web-0\.nginx\.default\.svc\.cluster\.local\n/);
    expect(lookup).toContain('pod "dns-test" deleted from default namespace');
  });

  it('keeps data in the claims across pod deletion, scaling and set deletion', () => {
    const curl0 = outputOf(steps, 'kubectl exec -i -t "web-0" -- curl http://localhost/');
    const curl1 = outputOf(steps, 'kubectl exec -i -t "web-1" -- curl http://localhost/');
    expect(curl0).toEqual(['web-0\n', 'web-0\n', 'web-0\n']);
    expect(curl1).toEqual(['web-1\n', 'web-1\n', 'web-1\n']);
    const pvcs = outputOf(steps, 'kubectl get pvc -l app=nginx');
    expect(pvcs[1]?.split('\n').filter((l) => l.startsWith('www-web-')).map((l) => l.split(/\s+/).slice(0, 2).join(' '))).toEqual([
      'www-web-0 Bound',
      'www-web-1 Bound',
      'www-web-2 Bound',
      'www-web-3 Bound',
      'www-web-4 Bound',
    ]);
  });

  it('updates in reverse order, stages with a partition and rolls the canary', () => {
    const rollout = outputOf(steps, 'kubectl rollout status sts/web')[0] ?? '';
    expect(rollout.trim().split('\n').at(-1)).toBe('partitioned roll out complete: 3 new pods have been updated...');
    const template = "kubectl get pod web-2 --template '{{range $i, $c := .spec.containers}}{{$c.image}}{{end}}'";
    expect(outputOf(steps, template)).toEqual(['registry.k8s.io/nginx-slim:0.24', 'registry.k8s.io/nginx-slim:0.21']);
  });

  it('orphans the pods, then adopts them again and trims to the manifest', () => {
    expect(outputOf(steps, 'kubectl delete statefulset web --cascade=orphan')).toEqual(['statefulset.apps "web" deleted from default namespace\n']);
    const listings = outputOf(steps, 'kubectl get pods -l app=nginx');
    expect(names(listings[3])).toEqual(['web-0', 'web-1', 'web-2']);
    expect(names(listings[4])).toEqual(['web-1', 'web-2']);
    expect(names(listings[5])).toEqual(['web-0', 'web-1']);
    expect(names(listings[6])).toEqual([]);
    expect(outputOf(steps, 'kubectl apply -f web.yaml')[1]).toBe('service/nginx unchanged\nstatefulset.apps/web created\n');
  });

  it('npm run sim prints the same transcript', () => {
    const cli = spawnSync(process.execPath, ['src/tools/sim.mjs', 'public/scripts/statefulset-basics.sh'], {
      cwd: new URL('../../..', import.meta.url).pathname,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(cli.status).toBe(0);
    expect(cli.stdout).toBe(result.transcript);
  }, 60_000);
});
