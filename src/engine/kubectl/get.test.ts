/** `kubectl get` against the simulated cluster: golden outputs for the StatefulSet Basics tutorial and kubectl's rules. */
import { beforeAll, describe, expect, it } from 'vitest';
import { createCluster, type Cluster } from '../index.ts';
import { defaultExample } from '../test/fixtures.ts';
import { goFloat, toJson, toYaml } from './get-encode.ts';
import { runGoTemplate } from './gotemplate.ts';
import { runJsonPath } from './jsonpath.ts';
import { TabWriter } from './table.ts';

function lines(...rows: string[]): string {
  return `${rows.join('\n')}\n`;
}

/** The tutorial's setup: web.yaml with 2 replicas, settled, at virtual time 60 s. */
function tutorialCluster(): Cluster {
  const cluster = createCluster();
  cluster.apply(defaultExample({ replicas: 2 }));
  cluster.settle();
  cluster.advance(60_000 - (cluster.now() % 60_000));
  return cluster;
}

interface Case {
  line: string;
  code: number;
  stdout: string;
  stderr: string;
}

const CASES: Case[] = [
  {
    line: 'get pods',
    code: 0,
    stdout: lines(
      'NAME    READY   STATUS    RESTARTS   AGE',
      'web-0   1/1     Running   0          60s',
      'web-1   1/1     Running   0          56s',
    ),
    stderr: '',
  },
  {
    line: 'get pods -l app=nginx',
    code: 0,
    stdout: lines(
      'NAME    READY   STATUS    RESTARTS   AGE',
      'web-0   1/1     Running   0          60s',
      'web-1   1/1     Running   0          56s',
    ),
    stderr: '',
  },
  {
    line: 'get po -o wide',
    code: 0,
    stdout: lines(
      'NAME    READY   STATUS    RESTARTS   AGE   IP           NODE     NOMINATED NODE   READINESS GATES',
      'web-0   1/1     Running   0          60s   10.244.1.2   node-1   <none>           <none>',
      'web-1   1/1     Running   0          56s   10.244.2.2   node-2   <none>           <none>',
    ),
    stderr: '',
  },
  {
    line: 'get statefulset web',
    code: 0,
    stdout: lines(
      'NAME   READY   AGE',
      'web    2/2     60s',
    ),
    stderr: '',
  },
  {
    line: 'get sts -o wide',
    code: 0,
    stdout: lines(
      'NAME   READY   AGE   CONTAINERS   IMAGES',
      'web    2/2     60s   nginx        nginx:v1',
    ),
    stderr: '',
  },
  {
    line: 'get service nginx',
    code: 0,
    stdout: lines(
      'NAME    TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE',
      'nginx   ClusterIP   None         <none>        80/TCP    60s',
    ),
    stderr: '',
  },
  {
    line: 'get svc -o wide',
    code: 0,
    stdout: lines(
      'NAME         TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE   SELECTOR',
      'kubernetes   ClusterIP   10.96.0.1    <none>        443/TCP   60s   <none>',
      'nginx        ClusterIP   None         <none>        80/TCP    60s   app=nginx',
    ),
    stderr: '',
  },
  {
    line: 'get pvc -l app=nginx',
    code: 0,
    stdout: lines(
      'NAME        STATUS   VOLUME                                     CAPACITY   ACCESS MODES   STORAGECLASS   VOLUMEATTRIBUTESCLASS   AGE',
      'www-web-0   Bound    pvc-ced87b88-daaf-4321-85d5-56c82a0d87ff   1Gi        RWO            standard       <unset>                 60s',
      'www-web-1   Bound    pvc-cb598434-0cf2-4cb4-b568-94d9a1b8893d   1Gi        RWO            standard       <unset>                 56s',
    ),
    stderr: '',
  },
  {
    line: 'get pv',
    code: 0,
    stdout: lines(
      'NAME                                       CAPACITY   ACCESS MODES   RECLAIM POLICY   STATUS   CLAIM               STORAGECLASS   VOLUMEATTRIBUTESCLASS   REASON   AGE',
      'pvc-cb598434-0cf2-4cb4-b568-94d9a1b8893d   1Gi        RWO            Delete           Bound    default/www-web-1   standard       <unset>                          54s',
      'pvc-ced87b88-daaf-4321-85d5-56c82a0d87ff   1Gi        RWO            Delete           Bound    default/www-web-0   standard       <unset>                          59s',
    ),
    stderr: '',
  },
  {
    line: 'get sc',
    code: 0,
    stdout: lines(
      'NAME                 PROVISIONER             RECLAIMPOLICY   VOLUMEBINDINGMODE      ALLOWVOLUMEEXPANSION   AGE',
      'standard (default)   rancher.io/local-path   Delete          WaitForFirstConsumer   false                  60s',
    ),
    stderr: '',
  },
  {
    line: 'get endpointslices',
    code: 0,
    stdout: lines(
      'NAME          ADDRESSTYPE   PORTS   ENDPOINTS               AGE',
      'nginx-6bgb9   IPv4          80      10.244.1.2,10.244.2.2   60s',
    ),
    stderr: '',
  },
  {
    line: 'get ep nginx',
    code: 0,
    stdout: lines(
      'NAME    ENDPOINTS                     AGE',
      'nginx   10.244.1.2:80,10.244.2.2:80   60s',
    ),
    stderr: lines('Warning: v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice'),
  },
  {
    line: 'get controllerrevisions',
    code: 0,
    stdout: lines(
      'NAME             CONTROLLER             REVISION   AGE',
      'web-7bdd59b56d   statefulset.apps/web   1          60s',
    ),
    stderr: '',
  },
  {
    line: 'get all',
    code: 0,
    stdout: lines(
      'NAME        READY   STATUS    RESTARTS   AGE',
      'pod/web-0   1/1     Running   0          60s',
      'pod/web-1   1/1     Running   0          56s',
      '',
      'NAME                 TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE',
      'service/kubernetes   ClusterIP   10.96.0.1    <none>        443/TCP   60s',
      'service/nginx        ClusterIP   None         <none>        80/TCP    60s',
      '',
      'NAME                   READY   AGE',
      'statefulset.apps/web   2/2     60s',
    ),
    stderr: '',
  },
  {
    line: 'get pods,cm',
    code: 0,
    stdout: lines(
      'NAME        READY   STATUS    RESTARTS   AGE',
      'pod/web-0   1/1     Running   0          60s',
      'pod/web-1   1/1     Running   0          56s',
      '',
      'NAME                         DATA   AGE',
      'configmap/kube-root-ca.crt   1      60s',
    ),
    stderr: '',
  },
  {
    line: 'get pod web-0 web-1',
    code: 0,
    stdout: lines(
      'NAME    READY   STATUS    RESTARTS   AGE',
      'web-0   1/1     Running   0          60s',
      'web-1   1/1     Running   0          56s',
    ),
    stderr: '',
  },
  {
    line: 'get sts/web pod/web-0',
    code: 0,
    stdout: lines(
      'NAME                   READY   AGE',
      'statefulset.apps/web   2/2     60s',
      '',
      'NAME        READY   STATUS    RESTARTS   AGE',
      'pod/web-0   1/1     Running   0          60s',
    ),
    stderr: '',
  },
  {
    line: 'get pods -o name',
    code: 0,
    stdout: lines(
      'pod/web-0',
      'pod/web-1',
    ),
    stderr: '',
  },
  {
    line: 'get pods --show-labels',
    code: 0,
    stdout: lines(
      'NAME    READY   STATUS    RESTARTS   AGE   LABELS',
      'web-0   1/1     Running   0          60s   app=nginx,apps.kubernetes.io/pod-index=0,controller-revision-hash=web-7bdd59b56d,statefulset.kubernetes.io/pod-name=web-0',
      'web-1   1/1     Running   0          56s   app=nginx,apps.kubernetes.io/pod-index=1,controller-revision-hash=web-7bdd59b56d,statefulset.kubernetes.io/pod-name=web-1',
    ),
    stderr: '',
  },
  {
    line: 'get pods -A',
    code: 0,
    stdout: lines(
      'NAMESPACE   NAME    READY   STATUS    RESTARTS   AGE',
      'default     web-0   1/1     Running   0          60s',
      'default     web-1   1/1     Running   0          56s',
    ),
    stderr: '',
  },
  {
    line: 'get pods --no-headers',
    code: 0,
    stdout: lines(
      'web-0   1/1   Running   0     60s',
      'web-1   1/1   Running   0     56s',
    ),
    stderr: '',
  },
  {
    line: 'get pods -l \'app in (nginx),app!=redis\'',
    code: 0,
    stdout: lines(
      'NAME    READY   STATUS    RESTARTS   AGE',
      'web-0   1/1     Running   0          60s',
      'web-1   1/1     Running   0          56s',
    ),
    stderr: '',
  },
  {
    line: 'get pods -l app=redis',
    code: 0,
    stdout: '',
    stderr: lines('No resources found in default namespace.'),
  },
  {
    line: 'get cm',
    code: 0,
    stdout: lines(
      'NAME               DATA   AGE',
      'kube-root-ca.crt   1      60s',
    ),
    stderr: '',
  },
  {
    line: 'get pv -l app=nginx',
    code: 0,
    stdout: '',
    stderr: lines('No resources found'),
  },
  {
    line: 'get pods -A -l app=redis',
    code: 0,
    stdout: '',
    stderr: lines('No resources found'),
  },
  {
    line: 'get pods -n kube-system',
    code: 0,
    stdout: '',
    stderr: lines('No resources found in kube-system namespace.'),
  },
  {
    line: 'get pod nope',
    code: 1,
    stdout: '',
    stderr: lines('Error from server (NotFound): pods "nope" not found'),
  },
  {
    line: 'get pod web-0 nope',
    code: 1,
    stdout: lines(
      'NAME    READY   STATUS    RESTARTS   AGE',
      'web-0   1/1     Running   0          60s',
    ),
    stderr: lines('Error from server (NotFound): pods "nope" not found'),
  },
  {
    line: 'get foo',
    code: 1,
    stdout: '',
    stderr: lines('error: the server doesn\'t have a resource type "foo"'),
  },
  {
    line: 'get pods --replicas=3',
    code: 1,
    stdout: '',
    stderr: lines(
      'error: unknown flag: --replicas',
      'See \'kubectl get --help\' for usage.',
    ),
  },
  {
    line: 'get pods web-0 -l app=nginx',
    code: 1,
    stdout: '',
    stderr: lines('error: name cannot be provided when a selector is specified'),
  },
  {
    line: 'get pods -o foo',
    code: 1,
    stdout: '',
    stderr: lines('error: unable to match a printer suitable for the output format "foo", allowed formats are: custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml'),
  },
  {
    line: 'get',
    code: 1,
    stdout: '',
    stderr: lines(
      'You must specify the type of resource to get. Use "kubectl api-resources" for a complete list of supported resources.',
      '',
      'error: Required resource not specified.',
      'Use "kubectl explain <resource>" for a detailed description of that resource (e.g. kubectl explain pods).',
      'See \'kubectl get -h\' for help and examples',
    ),
  },
  {
    line: 'get pod web-0 --template \'{{range $i, $c := .spec.containers}}{{$c.image}}{{end}}\'',
    code: 0,
    stdout: 'nginx:v1',
    stderr: '',
  },
  {
    line: 'get pods -o jsonpath=\'{range .items[*]}{.metadata.name}{"\\n"}{end}\'',
    code: 0,
    stdout: lines(
      'web-0',
      'web-1',
    ),
    stderr: '',
  },
  {
    line: 'get pods -o jsonpath=\'{.items[*].metadata.name}\'',
    code: 0,
    stdout: 'web-0 web-1',
    stderr: '',
  },
  {
    line: 'get pod web-1 -o jsonpath=\'{.status.podIP}\'',
    code: 0,
    stdout: '10.244.2.2',
    stderr: '',
  },
  {
    line: 'get sts web -o jsonpath={.spec.replicas}',
    code: 0,
    stdout: '2',
    stderr: '',
  },
  {
    line: 'get sts web -o go-template=\'{{.spec.replicas}}{{"\\n"}}\'',
    code: 0,
    stdout: lines('2'),
    stderr: '',
  },
  {
    line: 'get pods -o go-template=\'{{range .items}}{{.metadata.name}} {{.status.podIP}}{{"\\n"}}{{end}}\'',
    code: 0,
    stdout: lines(
      'web-0 10.244.1.2',
      'web-1 10.244.2.2',
    ),
    stderr: '',
  },
  {
    line: 'get pods -o custom-columns=NAME:.metadata.name,NODE:.spec.nodeName',
    code: 0,
    stdout: lines(
      'NAME    NODE',
      'web-0   node-1',
      'web-1   node-2',
    ),
    stderr: '',
  },
  {
    line: 'get pods --sort-by=\'{.status.podIP}\' -o name',
    code: 0,
    stdout: lines(
      'pod/web-0',
      'pod/web-1',
    ),
    stderr: '',
  },
];

describe('kubectl get: tables, printers, selectors and errors', () => {
  let cluster: Cluster;
  beforeAll(() => {
    cluster = tutorialCluster();
  });

  it('starts at 60 s of virtual time', () => {
    expect(cluster.now()).toBe(60_000);
  });

  it.each(CASES)('$line', ({ line, code, stdout, stderr }) => {
    expect(cluster.kubectl(line)).toEqual({ code, stdout, stderr });
  });
});

describe('kubectl get -o yaml / -o json', () => {
  it('prints one named object as go-yaml would: sorted keys, quoted timestamps and numbers-as-strings, literal blocks', () => {
    const cluster = tutorialCluster();
    const out = cluster.kubectl('get svc nginx -o yaml');
    expect(out.code).toBe(0);
    expect(out.stdout).toBe(
      lines(
        'apiVersion: v1',
        'kind: Service',
        'metadata:',
        '  annotations:',
        '    kubectl.kubernetes.io/last-applied-configuration: |',
        '      {"apiVersion":"v1","kind":"Service","metadata":{"name":"nginx","labels":{"app":"nginx"},"namespace":"default"},"spec":{"ports":[{"port":80,"name":"web"}],"clusterIP":"None","selector":{"app":"nginx"}}}',
        '  creationTimestamp: "2026-01-01T00:00:00Z"',
        '  labels:',
        '    app: nginx',
        '  name: nginx',
        '  namespace: default',
        `  resourceVersion: "${cluster.get('svc', 'nginx')?.metadata.resourceVersion ?? ''}"`,
        `  uid: ${cluster.get('svc', 'nginx')?.metadata.uid ?? ''}`,
        'spec:',
        '  clusterIP: None',
        '  clusterIPs:',
        '  - None',
        '  internalTrafficPolicy: Cluster',
        '  ipFamilies:',
        '  - IPv4',
        '  ipFamilyPolicy: SingleStack',
        '  ports:',
        '  - name: web',
        '    port: 80',
        '    protocol: TCP',
        '    targetPort: 80',
        '  selector:',
        '    app: nginx',
        '  sessionAffinity: None',
        '  type: ClusterIP',
        'status:',
        '  loadBalancer: {}'
      )
    );
  });

  it('wraps several objects, or a list request, in a v1 List', () => {
    const cluster = tutorialCluster();
    expect(cluster.kubectl('get secrets -o yaml')).toEqual({
      code: 0,
      stdout: lines('apiVersion: v1', 'items: []', 'kind: List', 'metadata:', '  resourceVersion: ""'),
      stderr: '',
    });
    const json = JSON.parse(cluster.kubectl('get sc -o json').stdout) as { kind: string; items: { metadata: { name: string } }[] };
    expect(json.kind).toBe('List');
    expect(json.items.map((i) => i.metadata.name)).toEqual(['standard']);
    const two = JSON.parse(cluster.kubectl('get pod web-0 web-1 -o json').stdout) as { kind: string; items: unknown[] };
    expect([two.kind, two.items.length]).toEqual(['List', 2]);
    expect(cluster.kubectl('get pod web-0 -o json').stdout.startsWith('{\n    "apiVersion": "v1",\n    "kind": "Pod",\n')).toBe(true);
  });

  it('a single named object that is missing prints only the error', () => {
    const cluster = tutorialCluster();
    expect(cluster.kubectl('get sts nope -o yaml')).toEqual({
      code: 1,
      stdout: '',
      stderr: 'Error from server (NotFound): statefulsets.apps "nope" not found\n',
    });
  });
});

describe('kubectl get -w', () => {
  it('replays the tutorial creation: web-1 only after web-0 is Running and Ready', () => {
    const cluster = createCluster();
    cluster.apply(defaultExample({ replicas: 2 }));
    const out = cluster.kubectl('get pods --watch -l app=nginx --request-timeout=30s');
    expect(out).toEqual({ code: 0, stdout: WATCH_CREATE, stderr: '' });
    expect(cluster.now()).toBe(30_000);
  });

  it('during a scale-up: the current rows, then one row per change, widths only growing', () => {
    const cluster = tutorialCluster();
    cluster.scale('sts', 'web', 4);
    expect(cluster.kubectl('get pods -w -l app=nginx --request-timeout=30s')).toEqual({ code: 0, stdout: WATCH_SCALE, stderr: '' });
  });

  it('an empty list prints its header with the first event', () => {
    const cluster = tutorialCluster();
    cluster.scale('sts', 'web', 4);
    expect(cluster.kubectl('get pods -w -l statefulset.kubernetes.io/pod-name=web-3 --request-timeout=30s')).toEqual({
      code: 0,
      stdout: WATCH_EMPTY_START,
      stderr: '',
    });
  });

  it('without --request-timeout shows the current state only, and refuses several types', () => {
    const cluster = tutorialCluster();
    expect(cluster.kubectl('get sts web -w')).toEqual({ code: 0, stdout: lines('NAME   READY   AGE', 'web    2/2     60s'), stderr: '' });
    expect(cluster.now()).toBe(60_000);
    expect(cluster.kubectl('get pods,sts -w')).toEqual({ code: 1, stdout: '', stderr: 'error: you may only specify a single resource type\n' });
    expect(cluster.kubectl('get pods -w --request-timeout=soon').code).toBe(1);
  });

  it('follows a deletion and re-creation with -o name', () => {
    const cluster = tutorialCluster();
    cluster.delete('pod', 'web-1');
    const out = cluster.kubectl('get pod web-1 -w -o name --request-timeout=60s');
    expect(out.code).toBe(0);
    const rows = out.stdout.trim().split('\n');
    expect(rows.length).toBeGreaterThan(3);
    expect(new Set(rows)).toEqual(new Set(['pod/web-1']));
  });
});

describe('printer building blocks', () => {
  it('the tab writer pads to max(len+3, 6), leaves the last cell alone and remembers widths', () => {
    const w = new TabWriter();
    expect(w.flush([['NAME', 'AGE'], ['a', '1s']])).toBe('NAME   AGE\na      1s\n');
    expect(w.flush([['longer-name', '2s']])).toBe('longer-name   2s\n');
    expect(w.flush([['b', '3s']])).toBe('b             3s\n');
  });

  it('go-yaml quoting rules', () => {
    expect(
      toYaml({
        a: '',
        b: 'yes',
        c: '80',
        d: '1Gi',
        e: '2026-01-01T00:00:00Z',
        f: '{"x":1}',
        g: 'one\ntwo',
        h: 'ends with newline\n',
        i: [],
        j: {},
        k: null,
        l: [{ m: 1, n: [1, 2] }, 'x'],
        y: 'n',
        'apps.kubernetes.io/pod-index': '0',
        o: 'a: b',
        p: '- x',
        q: 1.5,
      })
    ).toBe(
      lines(
        'a: ""',
        'apps.kubernetes.io/pod-index: "0"',
        'b: "yes"',
        'c: "80"',
        'd: 1Gi',
        'e: "2026-01-01T00:00:00Z"',
        'f: \'{"x":1}\'',
        'g: |-',
        '  one',
        '  two',
        'h: |',
        '  ends with newline',
        'i: []',
        'j: {}',
        'k: null',
        'l:',
        '- m: 1',
        '  "n":',
        '  - 1',
        '  - 2',
        '- x',
        "o: 'a: b'",
        "p: '- x'",
        'q: 1.5',
        '"y": "n"'
      )
    );
  });

  it('go-yaml folds long plain scalars past column 80', () => {
    const message = 'Waiting for a volume to be created either by the external provisioner and more words after that';
    expect(toYaml({ message })).toBe(
      lines('message: Waiting for a volume to be created either by the external provisioner and', '  more words after that')
    );
  });

  it('JSON as Go encodes it: sorted keys, 4 spaces, HTML-safe', () => {
    expect(toJson({ b: '<none>', a: [1, { d: 1, c: 2 }], e: {} })).toBe(
      '{\n    "a": [\n        1,\n        {\n            "c": 2,\n            "d": 1\n        }\n    ],\n    "b": "\\u003cnone\\u003e",\n    "e": {}\n}\n'
    );
  });

  it('Go float formatting for template numbers', () => {
    expect([3, 100000, 1000000, 1234567, 0.5, 0.00001].map(goFloat)).toEqual(['3', '100000', '1e+06', '1.234567e+06', '0.5', '1e-05']);
  });

  const data = {
    items: [
      { metadata: { name: 'web-0', labels: { app: 'nginx' } }, status: { phase: 'Running' }, spec: { replicas: 2 } },
      { metadata: { name: 'web-1' }, status: { phase: 'Pending' } },
    ],
  };

  it.each([
    ['{.items[*].metadata.name}', 'web-0 web-1'],
    ['{range .items[*]}{.metadata.name}{"\\n"}{end}', 'web-0\nweb-1\n'],
    ['{.items[0].metadata.labels}', '{"app":"nginx"}'],
    ['{.items[-1].metadata.name}', 'web-1'],
    ['{.items[?(@.status.phase=="Pending")].metadata.name}', 'web-1'],
    ['{..phase}', 'Running Pending'],
    ['{.items[0].spec.replicas}', '2'],
    ['{.missing}', ''],
    ['names: {.items[*].metadata.name}!', 'names: web-0 web-1!'],
  ])('jsonpath %s', (template, expected) => {
    expect(runJsonPath(template, data)).toBe(expected);
  });

  it.each([
    ['{{range .items}}{{.metadata.name}}{{"\\n"}}{{end}}', 'web-0\nweb-1\n'],
    ['{{range $i, $c := .items}}{{$i}}={{$c.metadata.name}} {{end}}', '0=web-0 1=web-1 '],
    ['{{index .items 0 | len}}', '3'],
    ['{{range .items}}{{if eq .status.phase "Running"}}up{{else}}down{{end}} {{end}}', 'up down '],
    ['{{.missing}}', '<no value>'],
    ['{{len .items}} {{printf "%s/%d" "a" 3}}', '2 a/3'],
    ['{{- range .items -}} {{ .metadata.name }} {{- end }}', 'web-0web-1'],
  ])('go-template %s', (template, expected) => {
    expect(runGoTemplate(template, data)).toBe(expected);
  });
});

/**
 * Rows keep the widths of earlier flushes (RememberWidths): the ragged look of a real watch. Two
 * Pending rows per pod, as in the tutorial: creation, then the binding (nodeName and PodScheduled in
 * one write). Ages count from the creation second, as kubectl does.
 */
const WATCH_CREATE = lines(
  'NAME    READY   STATUS    RESTARTS   AGE',
  'web-0   0/1     Pending   0          0s',
  'web-0   0/1     Pending   0          1s',
  'web-0   0/1     ContainerCreating   0          1s',
  'web-0   1/1     Running             0          4s',
  'web-1   0/1     Pending             0          0s',
  'web-1   0/1     Pending             0          2s',
  'web-1   0/1     ContainerCreating   0          2s',
  'web-1   1/1     Running             0          5s',
);
const WATCH_SCALE = lines(
  'NAME    READY   STATUS    RESTARTS   AGE',
  'web-0   1/1     Running   0          60s',
  'web-1   1/1     Running   0          56s',
  'web-2   0/1     Pending   0          0s',
  'web-2   0/1     Pending   0          1s',
  'web-2   0/1     ContainerCreating   0          1s',
  'web-2   1/1     Running             0          5s',
  'web-3   0/1     Pending             0          0s',
  'web-3   0/1     Pending             0          1s',
  'web-3   0/1     ContainerCreating   0          1s',
  'web-3   1/1     Running             0          2s',
);
const WATCH_EMPTY_START = lines(
  'NAME    READY   STATUS    RESTARTS   AGE',
  'web-3   0/1     Pending   0          0s',
  'web-3   0/1     Pending   0          1s',
  'web-3   0/1     ContainerCreating   0          1s',
  'web-3   1/1     Running             0          2s',
);
