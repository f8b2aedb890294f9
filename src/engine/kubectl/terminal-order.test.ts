/** Warnings first, as kubectl's warning handler prints them; errors after the output; drain in its own order. */
import { describe, expect, it } from 'vitest';
import { createCluster, runScript } from '../index.ts';
import { splitWarnings, terminalText } from './terminal-order.ts';

const POD = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n    image: nginx:1.27\n';

describe('terminal order of kubectl output', () => {
  it.each([
    ['Warning: a\nWarning: b\nerror: c\n', 'Warning: a\nWarning: b\n', 'error: c\n'],
    ['error: c\nWarning: later\n', '', 'error: c\nWarning: later\n'],
    ['', '', ''],
  ])('splits %j into leading warnings and the rest', (stderr, warnings, rest) => {
    expect(splitWarnings(stderr)).toEqual({ warnings, rest });
  });

  it('prints the API server warning before the table and an error after it', () => {
    const c = createCluster({ nodes: 1, seed: 1 });
    c.apply(POD);
    c.apply('apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: web\n  ports:\n  - port: 80\n');
    c.settle();
    const endpoints = c.kubectl('get endpoints');
    expect(endpoints.stderr).toMatch(/^Warning: v1 Endpoints is deprecated/);
    expect(terminalText('kubectl get endpoints', endpoints)).toMatch(/^Warning: v1 Endpoints is deprecated in v1\.33\+; use discovery\.k8s\.io\/v1 EndpointSlice\nNAME +ENDPOINTS +AGE\nweb /);
    const mixed = c.kubectl('get pods p nope');
    expect(terminalText('kubectl get pods p nope', mixed)).toMatch(/^NAME .*\np .*\nError from server \(NotFound\): pods "nope" not found\n$/s);
  });

  it('prints the immediate-deletion warning before the deletion line, in the console and in npm run sim', () => {
    const script = `cat <<EOF > p.yaml\n${POD}EOF\nkubectl apply -f p.yaml\nkubectl delete pod p --force --grace-period=0\n`;
    const { transcript } = runScript(createCluster({ nodes: 1, seed: 1 }), script);
    expect(transcript).toContain(
      '$ kubectl delete pod p --force --grace-period=0\nWarning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\npod "p" force deleted from default namespace\n'
    );
  });

  it('keeps drain in the order it writes: cordoned first, then its warnings', () => {
    const result = { stdout: 'node/node-1 cordoned\nnode/node-1 drained\n', stderr: 'Warning: ignoring DaemonSet-managed Pods: x\n' };
    expect(terminalText('kubectl drain node-1 --ignore-daemonsets', result)).toBe(`${result.stdout}${result.stderr}`);
    expect(terminalText('kubectl get endpoints', result)).toBe(`${result.stderr}${result.stdout}`);
  });
});
