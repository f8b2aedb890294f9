/** kubectl describe endpoints / endpointslices: describeEndpoints and describeEndpointSliceV1's layouts. */
import { describe, expect, it } from 'vitest';
import { createCluster, type Cluster, type K8sObject } from '../index.ts';
import { NGINX_SERVICE, webYaml } from '../test/fixtures.ts';

const WARNING = 'Warning: v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice\n';

function web(replicas: number): Cluster {
  const c = createCluster({ nodes: 2, seed: 3 });
  expect(c.apply(`${NGINX_SERVICE}---\n${webYaml({ replicas })}`).ok).toBe(true);
  c.settle(600_000);
  return c;
}

const ipOf = (c: Cluster, pod: string) => (c.get('pod', pod)?.['status'] as { podIP?: string } | undefined)?.podIP ?? '';
const triggerOf = (o: K8sObject | undefined) => o?.metadata.annotations?.['endpoints.kubernetes.io/last-change-trigger-time'] ?? '';

describe('kubectl describe endpoints', () => {
  it('lists each subset’s ready and not-ready IPs and its ports, after the deprecation warning', () => {
    const c = web(2);
    const ep = c.get('ep', 'nginx');
    const addresses = (((ep?.['subsets'] ?? []) as { addresses: { ip: string }[] }[])[0]?.addresses ?? []).map((a) => a.ip);
    expect(addresses.toSorted()).toEqual([ipOf(c, 'web-0'), ipOf(c, 'web-1')].toSorted());
    const r = c.kubectl('describe endpoints nginx');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(WARNING);
    expect(r.stdout).toBe(
      [
        'Name:         nginx',
        'Namespace:    default',
        'Labels:       app=nginx',
        '              service.kubernetes.io/headless=',
        `Annotations:  endpoints.kubernetes.io/last-change-trigger-time: ${triggerOf(ep)}`,
        'Subsets:',
        `  Addresses:          ${addresses.join(',')}`,
        '  NotReadyAddresses:  <none>',
        '  Ports:',
        '    Name  Port  Protocol',
        '    ----  ----  --------',
        '    web   80    TCP',
        '',
        'Events:  <none>',
        '',
      ].join('\n')
    );
  });

  it('a Service with nothing to publish shows no subsets; a missing one is NotFound with the warning too', () => {
    const c = web(0);
    expect(c.kubectl('describe ep nginx').stdout).toContain('Annotations:  endpoints.kubernetes.io/last-change-trigger-time');
    expect(c.kubectl('describe ep nginx').stdout).toMatch(/\nSubsets:\nEvents:  <none>\n$/);
    const missing = c.kubectl('describe endpoints nope');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe(`${WARNING}Error from server (NotFound): endpoints "nope" not found\n`);
  });
});

describe('kubectl describe endpointslices', () => {
  it('shows the address type, ports and every endpoint with its conditions, host name, target and node', () => {
    const c = web(2);
    const [slice] = c.list('endpointslices');
    const r = c.kubectl(`describe endpointslice ${slice?.metadata.name ?? ''}`);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const lines = r.stdout.split('\n');
    expect(lines.slice(0, 13)).toEqual([
      `Name:         ${slice?.metadata.name ?? ''}`,
      'Namespace:    default',
      'Labels:       app=nginx',
      '              endpointslice.kubernetes.io/managed-by=endpointslice-controller.k8s.io',
      '              kubernetes.io/service-name=nginx',
      '              service.kubernetes.io/headless=',
      `Annotations:  endpoints.kubernetes.io/last-change-trigger-time: ${triggerOf(slice)}`,
      'AddressType:  IPv4',
      'Ports:',
      '  Name  Port  Protocol',
      '  ----  ----  --------',
      '  web   80    TCP',
      'Endpoints:',
    ]);
    const web0 = lines.indexOf(`  - Addresses:  ${ipOf(c, 'web-0')}`);
    expect(web0).toBeGreaterThan(12);
    expect(lines.slice(web0 + 1, web0 + 7)).toEqual([
      '    Conditions:',
      '      Ready:    true',
      '    Hostname:   web-0',
      '    TargetRef:  Pod/web-0',
      `    NodeName:   ${(c.get('pod', 'web-0')?.['spec'] as { nodeName?: string } | undefined)?.nodeName ?? ''}`,
      '    Zone:       <unset>',
    ]);
  });

  it('the placeholder slice of a Service without endpoints: no ports, no endpoints', () => {
    const c = web(0);
    const r = c.kubectl('describe endpointslices');
    expect(r.stdout).toContain('AddressType:  IPv4\nPorts: <unset>\nEndpoints: <none>\n');
  });
});
