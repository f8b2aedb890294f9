/**
 * The kubelet's shortcuts (issue 8, round 4) against the full computations they stand in for: the
 * volume SetUp error found without building the files, and Go duration text without a regular expression.
 */
import { describe, expect, it } from 'vitest';
import type { ApiServer } from '../api/server.ts';
import { goDuration } from '../controllers/kubelet/runtime-ids.ts';
import { volumeFiles, volumeSetUpError } from '../controllers/pod-config.ts';
import { createCluster } from '../index.ts';
import type { Pod, Volume } from '../model/types.ts';

function apiOf(cluster: ReturnType<typeof createCluster>): ApiServer {
  return (cluster as unknown as { engine: { api: ApiServer } }).engine.api;
}

function items(...keys: string[]): { key: string; path: string }[] {
  return keys.map((key) => ({ key, path: `f-${key}` }));
}

describe('volumeSetUpError', () => {
  const cluster = createCluster();
  cluster.apply(
    [
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: conf}\ndata: {mode: fast, level: "3"}\nbinaryData: {blob: aGk=}\n',
      'apiVersion: v1\nkind: Secret\nmetadata: {name: creds}\ndata: {password: aHVudGVyMg==}\n',
    ].join('---\n')
  );
  const api = apiOf(cluster);
  const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default', labels: { a: 'b' } }, spec: { containers: [] }, status: {} } as unknown as Pod;
  const volumes: [string, Record<string, unknown>][] = [
    ['emptyDir', { emptyDir: {} }],
    ['claim', { persistentVolumeClaim: { claimName: 'x' } }],
    ['secret present', { secret: { secretName: 'creds' } }],
    ['secret missing', { secret: { secretName: 'nope' } }],
    ['secret missing, optional', { secret: { secretName: 'nope', optional: true } }],
    ['secret listed keys present', { secret: { secretName: 'creds', items: items('password') } }],
    ['secret listed key missing', { secret: { secretName: 'creds', items: items('password', 'user') } }],
    ['secret listed key missing, optional', { secret: { secretName: 'creds', optional: true, items: items('user') } }],
    ['secret __proto__ key', { secret: { secretName: 'creds', items: items('__proto__') } }],
    ['configMap present', { configMap: { name: 'conf' } }],
    ['configMap missing', { configMap: { name: 'nope' } }],
    ['configMap data and binaryData keys', { configMap: { name: 'conf', items: items('mode', 'blob') } }],
    ['configMap listed key missing', { configMap: { name: 'conf', items: items('mode', 'speed') } }],
    ['configMap inherited key', { configMap: { name: 'conf', items: items('toString') } }],
    ['configMap empty items', { configMap: { name: 'conf', items: [] } }],
    ['configMap odd items', { configMap: { name: 'conf', items: [null, 3, { path: 'no-key' }] } }],
    ['downwardAPI', { downwardAPI: { items: [{ path: 'labels', fieldRef: { fieldPath: "metadata.labels['a']" } }] } }],
    [
      'projected, all fine',
      {
        projected: {
          sources: [
            { serviceAccountToken: { path: 'token' } },
            { configMap: { name: 'conf', items: items('mode') } },
            { downwardAPI: { items: [{ path: 'ns', fieldRef: { fieldPath: 'metadata.namespace' } }] } },
          ],
        },
      },
    ],
    ['projected, second source fails', { projected: { sources: [{ secret: { name: 'creds' } }, { configMap: { name: 'nope' } }, { secret: { name: 'gone' } }] } }],
    ['projected, secret wins over configMap', { projected: { sources: [{ secret: { name: 'gone' }, configMap: { name: 'conf' } }] } }],
    ['projected, optional and missing key', { projected: { sources: [{ configMap: { name: 'conf', optional: true, items: items('speed') } }, { secret: { name: 'creds', items: items('user') } }] } }],
    ['projected, no sources', { projected: {} }],
  ];
  it.each(volumes)('%s: the same error as building the files', (_, source) => {
    const volume = { name: 'v', ...source } as Volume;
    const full = volumeFiles(api, pod, volume);
    const expected = full && 'error' in full ? full.error : undefined;
    expect(volumeSetUpError(api, pod, volume)).toBe(expected);
  });
  it('finds errors at all (the table is not vacuous)', () => {
    expect(volumeSetUpError(api, pod, { name: 'v', secret: { secretName: 'nope' } } as Volume)).toBe('secret "nope" not found');
    expect(volumeSetUpError(api, pod, { name: 'v', configMap: { name: 'conf', items: items('speed') } } as Volume)).toBe('configmap references non-existent config key: speed');
  });
});

/** Go's Duration.String for whole milliseconds as first written: the fraction padded, then its trailing zeros cut. */
function referenceGoDuration(ms: number): string {
  const total = Math.max(0, Math.trunc(ms));
  if (total === 0) return '0s';
  if (total < 1000) return `${total}ms`;
  const hours = Math.floor(total / 3_600_000);
  const minutes = Math.floor((total % 3_600_000) / 60_000);
  const rest = total % 60_000;
  const secs = `${Math.floor(rest / 1000)}${rest % 1000 ? `.${String(rest % 1000).padStart(3, '0').replace(/0+$/, '')}` : ''}s`;
  if (hours > 0) return `${hours}h${minutes}m${secs}`;
  if (minutes > 0) return `${minutes}m${secs}`;
  return secs;
}

describe('goDuration', () => {
  it.each([
    [0, '0s'],
    [512, '512ms'],
    [1000, '1s'],
    [1005, '1.005s'],
    [1050, '1.05s'],
    [1500, '1.5s'],
    [3200, '3.2s'],
    [64_250, '1m4.25s'],
    [3_600_000, '1h0m0s'],
  ])('%i ms reads %s', (ms, text) => {
    expect(goDuration(ms)).toBe(text);
  });
  it('agrees with the padded-and-trimmed form for every millisecond of two minutes and some hours', () => {
    const samples = [...Array.from({ length: 120_000 }, (_, i) => i), 3_600_001, 3_661_010, 7_322_300, -5, 1234.9];
    const wrong = samples.filter((ms) => goDuration(ms) !== referenceGoDuration(ms));
    expect(wrong).toEqual([]);
  });
});
