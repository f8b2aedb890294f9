/**
 * A Service whose selector is taken away: the endpoints controllers leave its EndpointSlices and
 * Endpoints alone from then on (syncService returns early for a Service without a selector: its
 * endpoints are the user's to write), so they keep the pods they listed, and DNS answers from them.
 */
import { describe, expect, it } from 'vitest';
import { createCluster } from '../index.ts';
import { NGINX_SERVICE, webYaml } from './fixtures.ts';
import { invariantProblems } from './invariants.ts';

function sliceHostnames(cluster: ReturnType<typeof createCluster>): string[] {
  return cluster
    .list('endpointslices', 'default')
    .flatMap((s) => ((s['endpoints'] ?? []) as { hostname?: string }[]).map((e) => e.hostname ?? ''))
    .sort();
}

describe('a headless Service that loses its selector', () => {
  it('keeps the endpoints it had while its pods go away', () => {
    const cluster = createCluster({ nodes: 1, seed: 5 });
    cluster.apply(`${NGINX_SERVICE}---\n${webYaml({ replicas: 2, policy: 'Parallel', claims: false })}`);
    cluster.settle();
    expect(sliceHostnames(cluster)).toEqual(['web-0', 'web-1']);
    expect(cluster.patch('svc', 'nginx', [{ op: 'remove', path: '/spec/selector' }], { type: 'json' }).ok).toBe(true);
    cluster.scale('sts', 'web', 0);
    // While web-1 terminates, and after it and web-0 are gone, nothing rewrites the slices.
    expect(sliceHostnames(cluster)).toEqual(['web-0', 'web-1']);
    expect(invariantProblems(cluster).problems).toEqual([]);
    cluster.settle();
    expect(cluster.list('pod', 'default')).toEqual([]);
    expect(sliceHostnames(cluster)).toEqual(['web-0', 'web-1']);
    expect(cluster.resolve('web-1.nginx').rcode).toBe('NOERROR');
    const endpoints = cluster.get('endpoints', 'nginx') as { subsets?: { addresses?: unknown[] }[] } | undefined;
    expect(endpoints?.subsets?.[0]?.addresses).toHaveLength(2);
  });
});
