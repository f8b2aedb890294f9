/** The host API's checks: which messages are understood, which origins may talk, what is reported. */
import { describe, expect, it } from 'vitest';
import type { ClusterView, EventView } from '../../worker/viewModel.ts';
import { envelope, MAX_COMMAND, newEvents, originAllowed, parseInbound, summarize, summaryKey, targetOrigins } from './hostApi.ts';

const msg = (type: string, fields: Record<string, unknown> = {}) => ({ source: 'sts-playground', v: 1, type, ...fields });

describe('parseInbound', () => {
  it.each<[string, unknown, unknown]>([
    ['load', msg('load', { yaml: 'kind: Pod' }), { type: 'load', yaml: 'kind: Pod' }],
    ['load with empty YAML', msg('load', { yaml: '' }), { type: 'load', yaml: '' }],
    ['kubectl', msg('kubectl', { command: 'kubectl get pods' }), { type: 'kubectl', command: 'kubectl get pods' }],
    ['hello', msg('hello'), { type: 'hello' }],
    ['play', msg('play'), { type: 'play' }],
    ['pause with extra fields', msg('pause', { extra: 1 }), { type: 'pause' }],
    ['step', msg('step'), { type: 'step' }],
    ['seek', msg('seek', { time: 12_000 }), { type: 'seek', time: 12_000 }],
    ['speed', msg('speed', { value: 25 }), { type: 'speed', value: 25 }],
    ['lang', msg('lang', { value: 'zh-CN' }), { type: 'lang', value: 'zh-CN' }],
    ['lesson', msg('lesson', { id: 'storage-survives' }), { type: 'lesson', id: 'storage-survives' }],
  ])('understands %s', (_name, data, expected) => {
    expect(parseInbound(data)).toEqual(expected);
  });

  it.each<[string, unknown]>([
    ['null', null],
    ['a string', 'play'],
    ['an array', [msg('play')]],
    ['another source', { ...msg('play'), source: 'other' }],
    ['no source', { v: 1, type: 'play' }],
    ['version 2', { ...msg('play'), v: 2 }],
    ['version as a string', { ...msg('play'), v: '1' }],
    ['an unknown type', msg('explode')],
    ['an outgoing type', msg('ready')],
    ['a type that is not a string', { ...msg('play'), type: 3 }],
    ['load without yaml', msg('load')],
    ['load with a number', msg('load', { yaml: 42 })],
    ['kubectl without command', msg('kubectl')],
    ['kubectl with a blank command', msg('kubectl', { command: '   ' })],
    ['kubectl with a huge command', msg('kubectl', { command: 'x'.repeat(MAX_COMMAND + 1) })],
    ['seek to a negative time', msg('seek', { time: -1 })],
    ['seek to NaN', msg('seek', { time: Number.NaN })],
    ['seek with a string', msg('seek', { time: '10' })],
    ['speed 0', msg('speed', { value: 0 })],
    ['speed Infinity', msg('speed', { value: Infinity })],
    ['lang as a number', msg('lang', { value: 1 })],
    ['lesson without id', msg('lesson')],
  ])('ignores %s', (_name, data) => {
    expect(parseInbound(data)).toBeUndefined();
  });
});

describe('origins', () => {
  const own = 'https://play.example';
  it.each<[string, string[], boolean]>([
    [own, [], true],
    ['https://evil.example', [], false],
    ['null', [], false],
    ['https://a.example', ['https://a.example', 'https://b.example'], true],
    ['https://b.example', ['https://a.example', 'https://b.example'], true],
    // With an allowlist, the page's own origin is one like any other: not listed, not heard.
    [own, ['https://a.example'], false],
    ['https://a.example:8443', ['https://a.example'], false],
    ['http://a.example', ['https://a.example'], false],
    ['null', ['null'], false],
  ])('%s with allowlist %j → %s', (origin, list, expected) => {
    expect(originAllowed(origin, list, own)).toBe(expected);
  });

  it('posts only to the allowlist, else to its own origin, never to *', () => {
    expect(targetOrigins(['https://a.example', 'https://b.example'], own)).toEqual(['https://a.example', 'https://b.example']);
    expect(targetOrigins([], own)).toEqual([own]);
    expect(targetOrigins([], 'null')).toEqual([]);
    for (const list of [[], ['https://a.example']]) for (const o of [own, 'null']) expect(targetOrigins(list, o)).not.toContain('*');
  });
});

function pod(name: string, phase: string, ready: boolean, revision: string) {
  return { name, phase, ready, revision, key: name, uid: name, namespace: 'default', created: 0, ordinal: 0, status: phase, readyText: '', restarts: 0, image: 'nginx', terminating: false, claims: [] };
}

function event(key: string, count: number): EventView {
  return { key, time: 0, type: 'Normal', reason: 'SuccessfulCreate', message: `create ${key}`, object: 'StatefulSet/web', count, source: 'statefulset-controller' };
}

describe('state summary and events', () => {
  const base = { time: 1000, pods: [pod('web-0', 'Running', true, 'web-1')], claims: [{ key: 'c', uid: 'c', name: 'www-web-0', namespace: 'default', phase: 'Bound', terminating: false, accessModes: [] }] } as unknown as ClusterView;

  it('names each pod with phase, readiness and revision, and each claim with its phase', () => {
    expect(summarize(base)).toEqual({ time: 1000, pods: [{ name: 'web-0', phase: 'Running', ready: true, revision: 'web-1' }], claims: [{ name: 'www-web-0', phase: 'Bound' }] });
  });

  it('changes its key when a pod changes, not when only the clock moves', () => {
    const later = { ...base, time: 2000 } as ClusterView;
    expect(summaryKey(summarize(later))).toBe(summaryKey(summarize(base)));
    const notReady = { ...base, pods: [pod('web-0', 'Running', false, 'web-1')] } as unknown as ClusterView;
    expect(summaryKey(summarize(notReady))).not.toBe(summaryKey(summarize(base)));
  });

  it('reports each event once, and again when its count goes up', () => {
    const seen = new Map<string, number>();
    expect(newEvents([event('a', 1), event('b', 1)], seen).map((e) => e.key)).toEqual(['a', 'b']);
    expect(newEvents([event('a', 1), event('b', 1)], seen)).toEqual([]);
    expect(newEvents([event('a', 2), event('b', 1), event('c', 1)], seen).map((e) => `${e.key}${e.count}`)).toEqual(['a2', 'c1']);
  });

  it('wraps every outgoing message in the envelope', () => {
    expect(envelope({ type: 'size', height: 640 })).toEqual({ source: 'sts-playground', v: 1, type: 'size', height: 640 });
  });
});
