import { describe, expect, test } from 'vitest';
import { createCluster, type Cluster } from '../cluster.ts';
import type { Pod } from '../model/types.ts';
import { defaultExample } from '../test/fixtures.ts';

const files = { 'web.yaml': defaultExample({ replicas: 2 }) };
const k = (c: Cluster, line: string, stdin?: string) => c.kubectl(line, stdin === undefined ? { files } : { files, stdin });

function tutorial(): Cluster {
  const c = createCluster();
  k(c, 'kubectl apply -f web.yaml');
  c.settle();
  return c;
}

const ip = (c: Cluster, name: string) => (c.get('pod', name) as Pod).status.podIP ?? '';

const DNS_HEADER = 'Server:    10.96.0.10\nAddress 1: 10.96.0.10 kube-dns.kube-system.svc.cluster.local\n\n';

describe('identity (§5.1 B)', () => {
  test('hostname, hostname -f, /etc/hosts, resolv.conf', () => {
    const c = tutorial();
    for (const i of [0, 1]) expect(k(c, `kubectl exec "web-${i}" -- sh -c 'hostname'`)).toEqual({ code: 0, stdout: `web-${i}\n`, stderr: '' });
    expect(k(c, 'kubectl exec web-0 -- hostname -f').stdout).toBe('web-0.nginx.default.svc.cluster.local\n');
    expect(k(c, 'kubectl exec web-0 -- hostname --fqdn').stdout).toBe('web-0.nginx.default.svc.cluster.local\n');
    expect(k(c, 'kubectl exec web-0 -- cat /etc/hosts').stdout).toBe(
      '# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nfe00::0\tip6-mcastprefix\nfe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n' +
        `${ip(c, 'web-0')}\tweb-0.nginx.default.svc.cluster.local\tweb-0\n`
    );
    expect(k(c, 'kubectl exec web-1 -- cat /etc/resolv.conf').stdout).toBe('search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n');
  });

  test('nslookup from a busybox pod: same names, new IPs after the pods are deleted', () => {
    const c = tutorial();
    const lookup = (n: string) => k(c, `kubectl run -i --tty --image busybox:1.28 dns-test --restart=Never --rm -- nslookup ${n}`);
    const before = ip(c, 'web-0');
    expect(lookup('web-0.nginx')).toEqual({
      code: 0,
      stdout: `${DNS_HEADER}Name:      web-0.nginx\nAddress 1: ${before} web-0.nginx.default.svc.cluster.local\npod "dns-test" deleted from default namespace\n`,
      stderr: '',
    });
    expect(c.get('pod', 'dns-test')).toBeUndefined();
    expect(lookup('nginx').stdout).toBe(
      `${DNS_HEADER}Name:      nginx\nAddress 1: ${before} web-0.nginx.default.svc.cluster.local\nAddress 2: ${ip(c, 'web-1')} web-1.nginx.default.svc.cluster.local\npod "dns-test" deleted from default namespace\n`
    );
    const missing = lookup('web-2.nginx');
    expect(missing.code).toBe(1);
    expect(missing.stdout).toBe(`${DNS_HEADER}pod "dns-test" deleted from default namespace\n`);
    expect(missing.stderr).toContain("nslookup: can't resolve 'web-2.nginx'\n");

    expect(k(c, 'kubectl delete pod -l app=nginx').stdout).toBe('pod "web-0" deleted from default namespace\npod "web-1" deleted from default namespace\n');
    // Terminating pods leave DNS at once.
    expect(k(c, 'kubectl exec web-1 -- nslookup web-0.nginx')).toEqual({
      code: 1,
      stdout: DNS_HEADER,
      stderr: "nslookup: can't resolve 'web-0.nginx'\ncommand terminated with exit code 1\n",
    });
    c.settle();
    for (const i of [0, 1]) expect(k(c, `kubectl exec web-${i} -- sh -c 'hostname'`).stdout).toBe(`web-${i}\n`);
    const after = ip(c, 'web-0');
    expect(after).not.toBe(before);
    expect(lookup('web-0.nginx').stdout).toContain(`Address 1: ${after} web-0.nginx.default.svc.cluster.local\n`);
  });

  test('the interactive form needs the console', () => {
    const c = tutorial();
    const r = k(c, 'kubectl run -i --tty --image busybox:1.28 dns-test --restart=Never --rm');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('nslookup web-0.nginx');
    expect(c.get('pod', 'dns-test')).toBeUndefined();
    // With a script on stdin, the shell runs it.
    expect(k(c, 'kubectl run -i --tty --image busybox:1.28 dns-test --restart=Never --rm', 'nslookup web-1.nginx\nexit\n').stdout).toContain('Name:      web-1.nginx\n');
  });
});

describe('stable storage (§5.1 C)', () => {
  test('index.html written through exec survives pod deletion', () => {
    const c = tutorial();
    expect(k(c, 'kubectl exec web-0 -- curl -s http://localhost/').stdout).toContain('<title>403 Forbidden</title>');
    for (const i of [0, 1]) {
      expect(k(c, `kubectl exec "web-${i}" -- sh -c 'echo "$(hostname)" > /usr/share/nginx/html/index.html'`)).toEqual({ code: 0, stdout: '', stderr: '' });
    }
    for (const i of [0, 1]) expect(k(c, `kubectl exec -i -t "web-${i}" -- curl http://localhost/`)).toEqual({ code: 0, stdout: `web-${i}\n`, stderr: '' });
    // A non-volume file lives only as long as the pod.
    k(c, "kubectl exec web-0 -- sh -c 'echo scratch > /tmp/note'");
    expect(k(c, 'kubectl exec web-0 -- cat /tmp/note').stdout).toBe('scratch\n');

    k(c, 'kubectl delete pod -l app=nginx');
    c.settle();
    for (const i of [0, 1]) expect(k(c, `kubectl exec -i -t "web-${i}" -- curl http://localhost/`).stdout).toBe(`web-${i}\n`);
    expect(k(c, 'kubectl exec web-0 -- cat /tmp/note')).toEqual({
      code: 1,
      stdout: '',
      stderr: 'cat: /tmp/note: No such file or directory\ncommand terminated with exit code 1\n',
    });
    // Across pods, by DNS name, by IP and through the headless service.
    expect(k(c, 'kubectl exec web-0 -- curl -s http://web-1.nginx').stdout).toBe('web-1\n');
    expect(k(c, `kubectl exec web-1 -- wget -qO- http://${ip(c, 'web-0')}/`).stdout).toBe('web-0\n');
    expect(k(c, 'kubectl exec web-1 -- curl http://nginx/').stdout).toBe('web-0\n');
  });

  test('404, unresolvable and refused', () => {
    const c = tutorial();
    expect(k(c, 'kubectl exec web-0 -- curl http://web-1.nginx/missing.html').stdout).toBe(
      '<html>\n<head><title>404 Not Found</title></head>\n<body>\n<center><h1>404 Not Found</h1></center>\n<hr><center>nginx</center>\n</body>\n</html>\n'
    );
    expect(k(c, 'kubectl exec web-0 -- curl http://web-9.nginx/')).toEqual({
      code: 6,
      stdout: '',
      stderr: 'curl: (6) Could not resolve host: web-9.nginx\ncommand terminated with exit code 6\n',
    });
    c.inject({ type: 'readiness', pod: 'web-1', ready: false });
    c.advance(60_000);
    expect(k(c, `kubectl exec web-0 -- curl http://${ip(c, 'web-1')}/`).stderr).toBe(
      `curl: (7) Failed to connect to ${ip(c, 'web-1')} port 80 after 0 ms: Couldn't connect to server\ncommand terminated with exit code 7\n`
    );
    expect(k(c, 'kubectl exec web-0 -- curl -s http://localhost:8080/').code).toBe(7);
  });

  test('sh: sequences, redirections, ls, mv, rm', () => {
    const c = tutorial();
    const sh = (script: string) => k(c, `kubectl exec web-0 -- sh -c '${script}'`);
    expect(sh('cd /usr/share/nginx/html && echo a > a.txt; echo b >> a.txt; cat a.txt').stdout).toBe('a\nb\n');
    expect(sh('mv /usr/share/nginx/html/a.txt /usr/share/nginx/html/b.txt && ls /usr/share/nginx/html').stdout).toBe('b.txt\n');
    expect(sh('rm /usr/share/nginx/html/b.txt; ls /usr/share/nginx/html').stdout).toBe('');
    expect(sh('false && echo no || echo yes').stdout).toBe('yes\n');
    expect(sh('echo $(hostname)-$HOSTNAME | wc -c').stdout).toBe('12\n');
    expect(sh('echo x > /nope/file')).toEqual({
      code: 2,
      stdout: '',
      stderr: 'sh: 1: cannot create /nope/file: Directory nonexistent\ncommand terminated with exit code 2\n',
    });
    expect(sh('exit 3').stderr).toBe('command terminated with exit code 3\n');
    expect(sh('foo').stderr).toBe('sh: 1: foo: not found\ncommand terminated with exit code 127\n');
  });
});

describe('exec errors', () => {
  test('kubectl wording', () => {
    const c = tutorial();
    expect(k(c, 'kubectl exec nope -- hostname')).toEqual({ code: 1, stdout: '', stderr: 'Error from server (NotFound): pods "nope" not found\n' });
    expect(k(c, 'kubectl exec web-0 hostname').stderr).toBe('error: exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead\n');
    expect(k(c, 'kubectl exec web-0 --').stderr).toBe('error: you must specify at least one command for the container\n');
    expect(k(c, 'kubectl exec web-0 -c sidecar -- hostname').stderr).toBe('Error from server (BadRequest): container sidecar is not valid for pod web-0\n');
    const notFound = k(c, 'kubectl exec web-0 -- foo');
    expect(notFound.code).toBe(1);
    expect(notFound.stderr).toMatch(
      /^error: Internal error occurred: error executing command in container: failed to exec in container: failed to start exec "[0-9a-f]{64}": OCI runtime exec failed: exec failed: unable to start container process: exec: "foo": executable file not found in \$PATH: unknown\n$/
    );
    expect(k(c, 'kubectl exec -it web-0 -- foo')).toEqual({
      code: 126,
      stdout: 'OCI runtime exec failed: exec failed: unable to start container process: exec: "foo": executable file not found in $PATH: unknown\n',
      stderr: 'command terminated with exit code 126\n',
    });
    expect(k(c, 'kubectl exec sts/web -- hostname').stdout).toBe('web-0\n');
    k(c, 'kubectl scale sts web --replicas=3');
    c.advance(50);
    expect(k(c, 'kubectl exec web-2 -- hostname').stderr).toBe('Error from server (BadRequest): pod web-2 does not have a host assigned\n');
    for (let i = 0; i < 100 && !(c.get('pod', 'web-2') as Pod).spec.nodeName; i++) c.advance(100);
    expect(k(c, 'kubectl exec web-2 -- hostname')).toEqual({ code: 1, stdout: '', stderr: 'error: unable to upgrade connection: container not found ("nginx")\n' });
  });
});
