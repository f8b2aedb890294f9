/** The share-link codec: round trips, and untrusted links refused with the right reason. */
import { describe, expect, it } from 'vitest';
import { defaultExample } from '../../engine/test/fixtures.ts';
import { decodeShare, encodeShare, SHARE_PREFIX, SHARE_VERSION, type SharePayload } from './codec.ts';

const PAYLOAD: SharePayload = {
  record: {
    seed: 42,
    yaml: defaultExample(),
    actions: [
      { t: 10_000, type: 'command', command: { type: 'scale', set: 'web', replicas: 5 } },
      { t: 10_000, type: 'command', command: { type: 'setImage', set: 'web', image: 'nginx:1.27', kind: 'StatefulSet' } },
      { t: 31_250, type: 'kubectl', line: 'kubectl delete pod web-1' },
      { t: 40_000, type: 'kubectl', line: 'kubectl apply -f web.yaml', yaml: defaultExample().replace('replicas: 3', 'replicas: 2') },
      { t: 52_000, type: 'apply', yaml: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: 配置\n' },
    ],
    end: 60_000,
  },
  cursor: 45_500,
  lang: 'zh-CN',
  lesson: 'headless-dns',
};

/** A fragment with any JSON body, compressed as the codec does. */
async function craft(version: string, json: string): Promise<string> {
  const stream = new Blob([new TextEncoder().encode(json)]).stream().pipeThrough(new CompressionStream('deflate-raw'));
  const bytes = new Uint8Array(await new Response(stream).arrayBuffer());
  const b64 = btoa(String.fromCharCode(...bytes)).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
  return `${SHARE_PREFIX}${version}.${b64}`;
}

describe('share link codec', () => {
  it('round-trips a session (Chinese text, kubectl files, a lesson) and stays URL-safe', async () => {
    const link = await encodeShare(PAYLOAD);
    expect(link.startsWith(`${SHARE_PREFIX}${SHARE_VERSION}.`)).toBe(true);
    expect(link.slice(SHARE_PREFIX.length)).toMatch(/^[A-Za-z0-9._-]+$/);
    expect(await decodeShare(link)).toEqual({ ok: true, payload: PAYLOAD });
    // Compressed: well under the JSON it carries.
    expect(link.length).toBeLessThan(JSON.stringify(PAYLOAD).length / 2);
  });

  it('round-trips a session without a lesson or actions', async () => {
    const bare: SharePayload = { record: { seed: 1, yaml: '', actions: [], end: 0 }, cursor: 0, lang: 'en' };
    expect(await decodeShare(await encodeShare(bare))).toEqual({ ok: true, payload: bare });
  });

  const good = JSON.stringify({ v: 1, s: 1, y: 'x', a: [], e: 5, c: 5, l: 'en' });
  it.each([
    ['no prefix', async () => 'x=1.abc'],
    ['no version', async () => `${SHARE_PREFIX}abc`],
    ['a version that is not a number', async () => `${SHARE_PREFIX}one.abc`],
    ['characters outside base64url', async () => `${SHARE_PREFIX}1.ab+c/=`],
    ['bytes that do not inflate', async () => `${SHARE_PREFIX}1.AAAAAAAAAAAA`],
    ['a truncated body', async () => (await encodeShare(PAYLOAD)).slice(0, 60)],
    ['not JSON', async () => craft('1', '{nope')],
    ['JSON of another shape', async () => craft('1', '[1,2,3]')],
    ['a missing seed', async () => craft('1', good.replace('"s":1,', ''))],
    ['an unknown command', async () => craft('1', good.replace('"a":[]', '"a":[[1,"c",{"type":"format-disk"}]]'))],
    ['a command with a wrongly typed field', async () => craft('1', good.replace('"a":[]', '"a":[[1,"c",{"type":"scale","set":"web","replicas":"9"}]]'))],
    ['actions out of time order', async () => craft('1', good.replace('"a":[]', '"a":[[3,"k","get pods"],[2,"k","get pods"]]'))],
    ['an action after the end', async () => craft('1', good.replace('"a":[]', '"a":[[9,"k","get pods"]]'))],
    ['a negative time', async () => craft('1', good.replace('"c":5', '"c":-1'))],
    ['an end beyond what a page replays', async () => craft('1', good.replace('"e":5', '"e":1e15'))],
    ['more actions than a page replays', async () => craft('1', good.replace('"a":[]', `"a":[${Array.from({ length: 20_001 }, () => '[1,"k","get pods"]').join(',')}]`))],
  ])('refuses %s as malformed', async (_name, make) => {
    expect(await decodeShare(await make())).toEqual({ ok: false, reason: 'malformed' });
  });

  it.each([
    ['a newer link version', async () => craft('2', good)],
    ['a newer body version', async () => craft('1', good.replace('"v":1', '"v":7'))],
  ])('says a link from %s is too new', async (_name, make) => {
    expect(await decodeShare(await make())).toEqual({ ok: false, reason: 'tooNew' });
  });
});
