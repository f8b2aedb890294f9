/** kubectl describe (storage-dns-kubectl.md §4.4): layouts, events, errors. */
import { describe, expect, it } from 'vitest';
import { createCluster, type Cluster } from '../index.ts';
import { defaultExample } from '../test/fixtures.ts';
import { formatTabbed } from './describe-writer.ts';

function web(): Cluster {
  const c = createCluster();
  expect(c.apply(defaultExample({ replicas: 2, image: 'registry.k8s.io/nginx-slim:0.21' })).ok).toBe(true);
  c.settle();
  return c;
}

describe('Go tabwriter port', () => {
  it('aligns column blocks and never pads the last cell', () => {
    expect(formatTabbed('a:\tx\nlonger:\ty\nbreak\nb:\tz\n')).toBe('a:       x\nlonger:  y\nbreak\nb:  z\n');
    expect(formatTabbed('k:\t\n')).toBe('k:  \n');
  });
});

describe('kubectl describe sts', () => {
  it('prints the describeStatefulSet layout with the template, claims and events', () => {
    const c = web();
    c.advance(30_000);
    const r = c.kubectl('describe sts web');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const lines = r.stdout.split('\n');
    // kubectl v1.36's describeStatefulSet: Service Name, Pod Management Policy and the retention policy came in v1.37.
    expect(lines.slice(0, 11).join('\n')).toBe(
      [
        'Name:               web',
        'Namespace:          default',
        'CreationTimestamp:  Thu, 01 Jan 2026 00:00:00 +0000',
        'Selector:           app=nginx',
        'Labels:             <none>',
        'Annotations:        <none>',
        'Replicas:           2 desired | 2 total',
        'Update Strategy:    RollingUpdate',
        '  Partition:        0',
        'Pods Status:        2 Running / 0 Waiting / 0 Succeeded / 0 Failed',
        'Pod Template:',
      ].join('\n')
    );
    // The pod template and claim sections exactly as §4.4 shows them (trailing pad after an empty cell kept).
    expect(r.stdout).toContain(
      [
        'Pod Template:',
        '  Labels:  app=nginx',
        '  Containers:',
        '   nginx:',
        '    Image:        registry.k8s.io/nginx-slim:0.21',
        '    Port:         80/TCP (web)',
        '    Host Port:    0/TCP (web)',
        '    Environment:  <none>',
        '    Mounts:',
        '      /usr/share/nginx/html from www (rw)',
        '  Volumes:         <none>',
        '  Node-Selectors:  <none>',
        '  Tolerations:     <none>',
        'Volume Claims:',
        '  Name:          www',
        '  StorageClass:  ',
        '  Labels:        <none>',
        '  Annotations:   <none>',
        '  Capacity:      1Gi',
        '  Access Modes:  [ReadWriteOnce]',
        'Events:',
        '  Type    Reason            Age   From                    Message',
        '  ----    ------            ----  ----                    -------',
      ].join('\n')
    );
    const events = lines.slice(lines.indexOf('Events:') + 3).filter(Boolean);
    expect(events).toEqual([
      expect.stringMatching(/^ {2}Normal {2}SuccessfulCreate {2}\d+s {3}statefulset-controller {2}create Claim www-web-0 Pod web-0 in StatefulSet web success$/),
      expect.stringMatching(/create Pod web-0 in StatefulSet web successful$/),
      expect.stringMatching(/create Claim www-web-1 Pod web-1 in StatefulSet web success$/),
      expect.stringMatching(/create Pod web-1 in StatefulSet web successful$/),
    ]);
    expect(r.stdout.endsWith('successful\n')).toBe(true);
  });

  it('accepts type/name, the long type name, and lists every set without a name', () => {
    const c = web();
    const a = c.kubectl('describe sts/web');
    expect(c.kubectl('describe statefulsets.apps web').stdout).toBe(a.stdout);
    expect(c.kubectl('describe statefulset').stdout).toBe(a.stdout);
  });

  it('reports NotFound like the API server, and no resources on stderr', () => {
    const c = web();
    expect(c.kubectl('describe sts nope')).toEqual({ code: 1, stdout: '', stderr: 'Error from server (NotFound): statefulsets.apps "nope" not found\n' });
    expect(c.kubectl('describe sts -l app=nope')).toEqual({ code: 0, stdout: '', stderr: 'No resources found in default namespace.\n' });
    expect(c.kubectl('describe foo bar')).toMatchObject({ code: 1, stderr: 'error: the server doesn\'t have a resource type "foo"\n' });
    expect(c.kubectl('describe').stderr).toBe(
      'error: You must specify the type of resource to describe. Use "kubectl api-resources" for a complete list of supported resources.\n'
    );
  });
});

describe('kubectl describe pod', () => {
  it('prints identity, containers, conditions, the claim volume, QoS and the default tolerations', () => {
    const c = web();
    const r = c.kubectl('describe pod web-0');
    expect(r.code).toBe(0);
    const out = r.stdout;
    expect(out).toMatch(/^Name: {13}web-0\nNamespace: {8}default\nPriority: {9}0\nService Account: {2}default\nNode: {13}node-\d\/172\.18\.0\.\d\n/);
    expect(out).toContain(
      [
        'Labels:           app=nginx',
        '                  apps.kubernetes.io/pod-index=0',
      ].join('\n')
    );
    expect(out).toMatch(/ {18}controller-revision-hash=web-[0-9a-z]+\n {18}statefulset\.kubernetes\.io\/pod-name=web-0\nAnnotations: {6}<none>\nStatus: {11}Running\n/);
    expect(out).toContain('Controlled By:  StatefulSet/web\n');
    expect(out).toContain('    State:          Running\n');
    expect(out).toContain('    Ready:          True\n    Restart Count:  0\n');
    expect(out).toContain(
      [
        'Conditions:',
        '  Type                        Status',
        '  PodReadyToStartContainers   True ',
        '  Initialized                 True ',
        '  Ready                       True ',
        '  ContainersReady             True ',
        '  PodScheduled                True ',
        'Volumes:',
        '  www:',
        '    Type:       PersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)',
        '    ClaimName:  www-web-0',
        '    ReadOnly:   false',
        '  kube-api-access-',
      ].join('\n')
    );
    // The ServiceAccount admission plugin's projected token volume, and the longer column it brings.
    expect(out).toMatch(/\n {6}\/var\/run\/secrets\/kubernetes\.io\/serviceaccount from kube-api-access-[a-z0-9]{5} \(ro\)\n/);
    expect(out).toMatch(/\n {2}kube-api-access-[a-z0-9]{5}:\n/);
    expect(out).toContain(
      [
        '    Type:                    Projected (a volume that contains injected data from multiple sources)',
        '    TokenExpirationSeconds:  3607',
        '    ConfigMapName:           kube-root-ca.crt',
        '    Optional:                false',
        '    DownwardAPI:             true',
        'QoS Class:                   BestEffort',
        'Node-Selectors:              <none>',
        'Tolerations:                 node.kubernetes.io/not-ready:NoExecute op=Exists for 300s',
        '                             node.kubernetes.io/unreachable:NoExecute op=Exists for 300s',
        'Events:',
      ].join('\n')
    );
    expect(out).toMatch(/ {2}Normal {2}Scheduled {2}\d+s +default-scheduler {2}Successfully assigned default\/web-0 to node-\d\n/);
    expect(out).toMatch(/ {2}Normal {2}Started +\d+s +kubelet +spec\.containers\{nginx\}: Container started\n$/);
  });

  it('describes several pods without events, two blank lines apart, and matches a name prefix', () => {
    const c = web();
    const both = c.kubectl('describe pod web-0 web-1').stdout;
    expect(both).not.toContain('Events:');
    expect(both).toContain('for 300s\n\n\nName:             web-1\n');
    const prefixed = c.kubectl('describe pods we');
    expect(prefixed.code).toBe(0);
    expect(prefixed.stdout).toContain('Name:             web-0');
    expect(prefixed.stdout).toContain('Name:             web-1');
    expect(prefixed.stdout).not.toContain('Events:');
  });
});

describe('kubectl describe pvc / pv / svc / node', () => {
  it('pvc: class, binding annotations, finalizer, capacity, Used By and provisioning events', () => {
    const c = web();
    const pvc = c.get('pvc', 'www-web-0') as unknown as { spec: { volumeName: string } };
    const r = c.kubectl('describe pvc www-web-0');
    expect(r.stdout).toMatch(
      new RegExp(
        [
          '^Name:          www-web-0',
          'Namespace:     default',
          'StorageClass:  standard',
          'Status:        Bound',
          `Volume:        ${pvc.spec.volumeName}`,
          'Labels:        app=nginx',
          'Annotations:   pv.kubernetes.io/bind-completed: yes',
          '               pv.kubernetes.io/bound-by-controller: yes',
          '               volume.beta.kubernetes.io/storage-provisioner: rancher.io/local-path',
          '               volume.kubernetes.io/selected-node: node-\\d',
          '               volume.kubernetes.io/storage-provisioner: rancher.io/local-path',
          'Finalizers:    \\[kubernetes.io/pvc-protection\\]',
          'Capacity:      1Gi',
          'Access Modes:  RWO',
          'VolumeMode:    Filesystem',
          'Used By:       web-0',
          'Events:\n',
        ].join('\n')
      )
    );
    for (const reason of ['WaitForPodScheduled', 'ExternalProvisioning', 'Provisioning', 'ProvisioningSucceeded']) expect(r.stdout).toContain(`  Normal  ${reason} `);
  });

  it('pv: finalizer, claim, reclaim policy, node affinity, host path source', () => {
    const c = web();
    const pvc = c.get('pvc', 'www-web-0') as unknown as { spec: { volumeName: string } };
    const r = c.kubectl(`describe pv ${pvc.spec.volumeName}`);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Finalizers:        [kubernetes.io/pv-protection]\nStorageClass:      standard\nStatus:            Bound\nClaim:             default/www-web-0\nReclaim Policy:    Delete\nAccess Modes:      RWO\nVolumeMode:        Filesystem\nCapacity:          1Gi\n');
    expect(r.stdout).toMatch(/Node Affinity: {5}\n {2}Required Terms: {2}\n {4}Term 0: {8}kubernetes\.io\/hostname in \[node-\d\]\nMessage: {11}\nSource:\n {4}Type: {10}HostPath \(bare host directory volume\)\n/);
    expect(r.stdout.endsWith('Events:            <none>\n')).toBe(true);
  });

  it('svc: headless service with its ready endpoints', () => {
    const c = web();
    const r = c.kubectl('describe svc nginx');
    expect(r.stdout).toMatch(
      /^Name: {21}nginx\nNamespace: {16}default\nLabels: {19}app=nginx\nAnnotations: {14}<none>\nSelector: {17}app=nginx\nType: {21}ClusterIP\nIP Family Policy: {9}SingleStack\nIP Families: {14}IPv4\nIP: {23}None\nIPs: {22}None\nPort: {21}web  80\/TCP\nTargetPort: {15}80\/TCP\nEndpoints: {16}10\.244\.\d\.\d+:80,10\.244\.\d\.\d+:80\nSession Affinity: {9}None\nInternal Traffic Policy: {2}Cluster\nEvents: {19}<none>\n$/
    );
  });

  it('node: conditions, capacity and the non-terminated pods table', () => {
    const c = web();
    const r = c.kubectl('describe no node-1');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Name: {15}node-1\nRoles: {14}<none>\n/);
    expect(r.stdout).toContain('Non-terminated Pods:');
    expect(r.stdout).toContain('  Resource           Requests  Limits\n');
    expect(r.stdout).toContain('Unschedulable:      false\n');
  });
});
