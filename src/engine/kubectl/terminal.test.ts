/** The learner's terminal: the shell around kubectl, waiting like kubectl, interactive pod sessions. */
import { describe, expect, test } from 'vitest';
import { createCluster, type Cluster } from '../cluster.ts';
import { defaultExample } from '../test/fixtures.ts';
import { parseHostLine, ShellSyntaxError } from './host-shell.ts';
import type { Terminal } from './terminal.ts';

const YAML = defaultExample({ replicas: 2 });

function setup(): { c: Cluster; t: Terminal } {
  const c = createCluster();
  c.apply(YAML);
  c.settle();
  const t = c.terminal({ file: () => YAML, stdin: () => YAML });
  return { c, t };
}

/** Types a line and, while the terminal waits, lets virtual time run as `npm run sim` does. */
function run(t: Terminal, line: string): string {
  const first = t.input(line);
  return first.text + t.runToIdle().text;
}

describe('the shell around kubectl', () => {
  test.each([
    ['for-loop with a quoted "web-$i"', `for i in 0 1; do kubectl exec "web-$i" -- sh -c 'hostname'; done`, 'web-0\nweb-1\n'],
    ['unquoted web-$i and a variable set before', `i=1; kubectl exec web-$i -- hostname`, 'web-1\n'],
    ['${name} form', `for p in 0 1; do echo "pod web-\${p}"; done`, 'pod web-0\npod web-1\n'],
    ['single quotes keep $ for the pod', `i=9; kubectl exec web-0 -- sh -c 'echo $i'`, '\n'],
    ['&& runs after success', `kubectl get pod web-0 -o name && echo yes`, 'pod/web-0\nyes\n'],
    ['|| runs after failure', `kubectl get pod nope -o name || echo fallback`, 'Error from server (NotFound): pods "nope" not found\nfallback\n'],
    ['; runs both', `echo a; echo b`, 'a\nb\n'],
    ['a pipe into grep', `kubectl get pods --no-headers | grep web-1 | wc -l`, '1\n'],
    ['$? of the last command', `kubectl get pod nope -o name; echo $?`, 'Error from server (NotFound): pods "nope" not found\n1\n'],
    ['a redirection is refused', `kubectl get pods > pods.txt`, "bash: redirections are not supported by the playground's shell\n"],
    ['kubectl implied for a kubectl command word', `get pod web-0 -o name`, 'pod/web-0\n'],
    ['words the list splits from a variable', `names="web-0 web-1"; for n in $names; do kubectl get pod $n -o name; done`, 'pod/web-0\npod/web-1\n'],
  ])('%s', (name, line, expected) => {
    const { t } = setup();
    expect(run(t, line)).toBe(expected);
    if (name.includes('redirection')) expect(t.lastStatus).toBe(2);
  });

  test('a for-loop typed over several lines waits at "> " for done', () => {
    const { t } = setup();
    expect(t.input('for i in 0 1; do').text).toBe('');
    expect(t.prompt).toBe('> ');
    expect(t.input('  kubectl exec "web-$i" -- hostname').text).toBe('');
    expect(t.input('done').text).toBe('web-0\nweb-1\n');
    expect(t.prompt).toBe('$ ');
  });

  test('unknown programs and syntax errors answer as bash', () => {
    const { t } = setup();
    expect(run(t, 'frobnicate')).toBe('bash: frobnicate: command not found\n');
    expect(t.lastStatus).toBe(127);
    expect(run(t, 'echo "open')).toBe('');
    expect(t.prompt).toBe('> ');
    t.interrupt();
    expect(() => parseHostLine('do echo; done')).toThrow(ShellSyntaxError);
    expect(run(t, 'for i in 1; do done')).toBe("bash: syntax error near unexpected token `done'\n");
  });

  test('steps keep the command as typed with the loop variable filled in', () => {
    const { t } = setup();
    run(t, `for i in 0 1; do kubectl exec "web-$i" -- sh -c 'hostname'; done`);
    expect(t.steps.map((s) => [s.command, s.stdout])).toEqual([
      [`kubectl exec "web-0" -- sh -c 'hostname'`, 'web-0\n'],
      [`kubectl exec "web-1" -- sh -c 'hostname'`, 'web-1\n'],
    ]);
  });

  test("the editor's text is stdin only for -f -", () => {
    const { t } = setup();
    // Before: exec -i fed the editor's YAML to the command (`sh: apiVersion:: not found`).
    expect(run(t, 'kubectl exec -i web-0 -- cat')).toBe('');
    expect(run(t, 'kubectl apply -f -')).toBe('service/nginx unchanged\nstatefulset.apps/web unchanged\n');
  });
});

describe('waiting like kubectl', () => {
  test('delete waits until the pod is gone; the next get no longer shows it Terminating', () => {
    const { c, t } = setup();
    const start = c.now();
    expect(t.input('kubectl delete pod web-1').text).toBe('pod "web-1" deleted from default namespace\n');
    expect(t.mode).toBe('busy');
    expect(t.waitingFor).toBe('pods/web-1');
    t.runToIdle();
    expect(t.mode).toBe('idle');
    expect(t.lastStatus).toBe(0);
    expect(c.now()).toBeGreaterThan(start);
    expect(run(t, 'kubectl get pod web-1')).not.toMatch(/Terminating/);
  });

  test('--wait=false returns at once, the pod still Terminating', () => {
    const { c, t } = setup();
    const start = c.now();
    expect(t.input('kubectl delete pod web-1 --wait=false').text).toBe('pod "web-1" deleted from default namespace\n');
    expect(t.mode).toBe('idle');
    expect(c.now()).toBe(start);
    expect(run(t, 'kubectl get pod web-1 --no-headers')).toMatch(/^web-1\s+1\/1\s+Terminating/);
  });

  test('--cascade=foreground waits for the set and its pods', () => {
    const { c, t } = setup();
    expect(t.input('kubectl delete sts web --cascade=foreground').text).toBe('statefulset.apps "web" deleted from default namespace\n');
    expect(t.mode).toBe('busy');
    t.runToIdle();
    expect(c.list('sts')).toEqual([]);
    expect(c.list('pods').map((p) => p.metadata.name)).toEqual([]);
  });

  test('Ctrl+C ends a wait and the loop around it', () => {
    const { t } = setup();
    t.input('for i in 1 2; do kubectl wait --for=delete pod/web-0 --timeout=1h; echo next; done');
    expect(t.mode).toBe('busy');
    expect(t.interrupt().text).toBe('^C\n');
    expect(t.mode).toBe('idle');
    expect(t.lastStatus).toBe(130);
  });

  test.each([
    ['condition met', 'kubectl wait --for=condition=Ready pod/web-0 --timeout=60s', 'pod/web-0 condition met\n', 0],
    ['by selector', 'kubectl wait --for=condition=Ready pod -l app=nginx', 'pod/web-0 condition met\npod/web-1 condition met\n', 0],
    ['jsonpath', "kubectl wait --for=jsonpath='{.status.phase}'=Running pod/web-1", 'pod/web-1 condition met\n', 0],
    ['timing out', 'kubectl wait --for=condition=Ready=false pod/web-0 --timeout=5s', 'error: timed out waiting for the condition on pods/web-0\n', 1],
    ['a missing pod', 'kubectl wait --for=condition=Ready pod/nope', 'Error from server (NotFound): pods "nope" not found\n', 1],
    ['no --for', 'kubectl wait pod/web-0', 'error: --for must be specified\n', 1],
  ])('wait: %s', (_name, line, expected, code) => {
    const { t } = setup();
    expect(run(t, line)).toBe(expected);
    expect(t.lastStatus).toBe(code);
  });

  test('wait --for=delete follows the deletion to its end', () => {
    const { c, t } = setup();
    expect(run(t, 'kubectl delete pod web-0 --wait=false')).toContain('deleted');
    expect(run(t, 'kubectl wait --for=delete pod/web-0 --timeout=60s')).toBe('pod/web-0 condition met\n');
    expect(c.get('pod', 'web-0')?.metadata.deletionTimestamp).toBeUndefined();
  });

  test('rollout status streams its lines as the update goes, and ends when complete', () => {
    const { c, t } = setup();
    const first = t.input(`kubectl patch sts web --type=json -p='[{"op":"replace","path":"/spec/template/spec/containers/0/image","value":"registry.k8s.io/nginx-slim:0.24"}]'`).text;
    expect(first).toBe('statefulset.apps/web patched\n');
    expect(t.input('kubectl rollout status sts/web').text).toMatch(/^Waiting for /);
    expect(t.mode).toBe('busy');
    c.advance(1000);
    const more = t.poll().text;
    const rest = t.runToIdle().text;
    expect(`${more}${rest}`.trimEnd().split('\n').at(-1)).toBe('partitioned roll out complete: 2 new pods have been updated...');
    expect(t.lastStatus).toBe(0);
  });

  test('without a terminal, cluster.kubectl() keeps delete immediate and runs wait on virtual time', () => {
    const { c } = setup();
    const start = c.now();
    expect(c.kubectl('delete pod web-1').stdout).toBe('pod "web-1" deleted from default namespace\n');
    expect(c.now()).toBe(start);
    expect(c.kubectl('wait --for=delete pod/web-1 --timeout=60s')).toEqual({ code: 0, stdout: 'pod/web-1 condition met\n', stderr: '' });
    expect(c.now()).toBeGreaterThan(start);
  });

  test('sleep lets virtual time pass', () => {
    const { c, t } = setup();
    const start = c.now();
    run(t, 'sleep 5');
    expect(c.now() - start).toBeGreaterThanOrEqual(5000);
  });
});

describe('interactive sessions', () => {
  test('run -i --tty busybox: attach lines, / # prompt, commands in the pod, exit, --rm deletes', () => {
    const { c, t } = setup();
    expect(t.input('kubectl run -i --tty --image busybox:1.28 dns-test --restart=Never --rm').text).toBe('');
    expect(t.mode).toBe('busy');
    expect(t.runToIdle().text).toBe(
      "All commands and output from this session will be recorded in container logs, including credentials and sensitive information passed through the command prompt.\nIf you don't see a command prompt, try pressing enter.\n"
    );
    expect(t.mode).toBe('session');
    expect(t.prompt).toBe('/ # ');
    expect(t.input('nslookup web-1.nginx').text).toMatch(/^Server:    10\.96\.0\.10\n.*\n\nName:      web-1\.nginx\nAddress 1: 10\.244\.\d+\.\d+ web-1\.nginx\.default\.svc\.cluster\.local\n$/);
    expect(t.input('hostname').text).toBe('dns-test\n');
    expect(t.input('cd /tmp').text).toBe('');
    expect(t.prompt).toBe('/tmp # ');
    expect(t.input('').text).toBe('');
    expect(t.input('exit').text).toBe('pod "dns-test" deleted from default namespace\n');
    expect(t.mode).toBe('busy');
    t.runToIdle();
    expect(t.mode).toBe('idle');
    expect(c.get('pod', 'dns-test')).toBeUndefined();
  });

  test('run -it with the default restart policy prints the reattach hint and keeps the pod', () => {
    const { c, t } = setup();
    t.input('kubectl run -it shell --image=busybox -- sh');
    t.runToIdle();
    expect(t.mode).toBe('session');
    expect(t.input('exit').text).toBe("Session ended, resume using 'kubectl attach shell -c shell -i -t' command when the pod is running\n");
    expect(c.get('pod', 'shell')).toBeDefined();
  });

  test('exec -it web-0 -- sh: nginx prompt, state kept between lines, exit code passed on', () => {
    const { t } = setup();
    expect(t.input('kubectl exec -it web-0 -- sh').text).toBe('');
    expect(t.mode).toBe('session');
    expect(t.prompt).toBe('# ');
    t.input('echo "$(hostname)" > /usr/share/nginx/html/index.html');
    t.input('X=42');
    expect(t.input('echo $X; curl -s localhost').text).toBe('42\nweb-0\n');
    expect(t.input('exit 3').text).toBe('command terminated with exit code 3\n');
    expect(t.mode).toBe('idle');
    expect(t.lastStatus).toBe(3);
  });

  test('exec -i without a tty reads the keyboard too, with no prompt', () => {
    const { t } = setup();
    t.input('kubectl exec -i web-1 -- sh');
    expect(t.mode).toBe('session');
    expect(t.prompt).toBe('');
    expect(t.input('hostname').text).toBe('web-1\n');
    t.input('exit');
    expect(t.mode).toBe('idle');
  });

  test('exec -it … -- bash shows bash prompt', () => {
    const { t } = setup();
    t.input('kubectl exec -it web-1 -- bash');
    expect(t.prompt).toBe('root@web-1:/# ');
    t.input('exit');
    expect(t.mode).toBe('idle');
  });

  test('a session ends when its pod is deleted', () => {
    const { c, t } = setup();
    t.input('kubectl exec -it web-0 -- sh');
    c.delete('pod', 'web-0', { force: true });
    c.settle();
    expect(t.input('hostname').text).toBe('command terminated with exit code 137\n');
    expect(t.mode).toBe('idle');
  });
});

describe('logs, version, top', () => {
  test('nginx access lines for requests the pod served, per container instance', () => {
    const { t } = setup();
    run(t, 'kubectl exec web-1 -- curl -s http://web-0.nginx/');
    run(t, 'kubectl exec web-0 -- curl -s localhost/missing');
    const lines = run(t, 'kubectl logs web-0').trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^10\.244\.\d+\.\d+ - - \[\d\d\/[A-Z][a-z]{2}\/\d{4}:\d\d:\d\d:\d\d \+0000\] "GET \/ HTTP\/1\.1" 403 \d+ "-" "curl\/7\.88\.1" "-"$/);
    expect(lines[1]).toMatch(/^127\.0\.0\.1 - - \[.*\] "GET \/missing HTTP\/1\.1" 404 \d+ "-" "curl\/7\.88\.1" "-"$/);
    expect(run(t, 'kubectl logs web-0 --tail=1')).toBe(`${lines[1]}\n`);
    expect(run(t, 'kubectl logs web-1')).toBe('');
    expect(run(t, 'kubectl logs -p web-0')).toBe('Error from server (BadRequest): previous terminated container "nginx" in pod "web-0" not found\n');
    expect(run(t, 'kubectl logs nope')).toBe('Error from server (NotFound): pods "nope" not found\n');
  });

  test('logs -f streams new lines until Ctrl+C', () => {
    const { c, t } = setup();
    expect(t.input('kubectl logs -f web-0').text).toBe('');
    expect(t.mode).toBe('busy');
    // A second terminal on the same cluster sends a request; the first one's stream shows it.
    run(c.terminal(), 'kubectl exec web-1 -- curl -s web-0.nginx');
    c.advance(1000);
    expect(t.poll().text).toMatch(/^10\.244\.\d+\.\d+ - - \[.*\] "GET \/ HTTP\/1\.1" 403 /);
    expect(t.poll().text).toBe('');
    expect(t.interrupt().text).toBe('^C\n');
    expect(t.mode).toBe('idle');
  });

  test('a busybox container prints its command output', () => {
    const { c, t } = setup();
    run(t, "kubectl run hello --image=busybox --restart=Never -- sh -c 'echo hello from $(hostname); sleep 3600'");
    c.settle();
    expect(run(t, 'kubectl logs hello')).toBe('hello from hello\n');
  });

  test('what a run -it session shows is in its container log', () => {
    const { t } = setup();
    t.input('kubectl run -it shell --image=busybox:1.28');
    t.runToIdle();
    t.input('echo hi');
    t.input('exit');
    expect(run(t, 'kubectl logs shell')).toBe('/ # echo hi\nhi\n/ # exit\n');
  });

  test.each([
    ['kubectl version', 'Client Version: v1.36.0\nKustomize Version: v5.7.1\nServer Version: v1.36.0\n', 0],
    ['kubectl version --client', 'Client Version: v1.36.0\nKustomize Version: v5.7.1\n', 0],
    ['kubectl top pods', 'error: Metrics API not available\n', 1],
    ['kubectl top node', 'error: Metrics API not available\n', 1],
  ])('%s', (line, expected, code) => {
    const { t } = setup();
    expect(run(t, line)).toBe(expected);
    expect(t.lastStatus).toBe(code);
  });
});

describe('explain, from the playground schema', () => {
  test('a kind: GROUP/KIND/VERSION, DESCRIPTION, FIELDS with types and -required-', () => {
    const { t } = setup();
    const out = run(t, 'kubectl explain sts');
    expect(out.startsWith('GROUP:      apps\nKIND:       StatefulSet\nVERSION:    v1\n\nDESCRIPTION:\n    ')).toBe(true);
    expect(out).toContain('\nFIELDS:\n  apiVersion\t<string>\n');
    expect(out).toContain('\n  spec\t<StatefulSetSpec> -required-\n    The desired state of the StatefulSet');
    expect(out.split('\n').every((l) => l.length <= 80)).toBe(true);
  });

  test('a field path, a core kind without GROUP, --recursive, and a missing field', () => {
    const { t } = setup();
    expect(run(t, 'kubectl explain sts.spec.replicas')).toMatch(/^GROUP:      apps\nKIND:       StatefulSet\nVERSION:    v1\n\nFIELD: replicas <integer>\n\n\nDESCRIPTION:\n    \S/);
    const containers = run(t, 'kubectl explain pods.spec.containers --recursive');
    expect(containers.startsWith('KIND:       Pod\nVERSION:    v1\n\nFIELD: containers <[]Container>\n')).toBe(true);
    expect(containers).toContain('\n  ports\t<[]Object>\n    containerPort\t<integer> -required-\n');
    expect(run(t, 'kubectl explain sts.spec.foo')).toBe('error: field "foo" does not exist\n');
    expect(run(t, 'kubectl explain widgets')).toBe('error: the server doesn\'t have a resource type "widgets"\n');
  });
});
