import { describe, expect, it } from 'vitest';
import { containerIdOf, hex64, seededUnit } from '../controllers/kubelet/runtime-ids.ts';

/** The reference: FNV-1a over the joined text, then the murmur3 finaliser (how seededUnit was first written). */
function joinedUnit(seed: number, ...parts: (string | number)[]): number {
  const text = `${seed}\u0000${parts.join('\u0000')}`;
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
}

describe('seededUnit hashes part by part', () => {
  const cases: [number, (string | number)[]][] = [
    [7, ['pull', '0f3c-uid', 'nginx:1.27', 0]],
    [7, ['sync', 'uid', 12]],
    [0, ['stop', '', 3]],
    [123456789, ['éé\u0000x', -1, 2.5]],
    [-4, []],
    [42, ['']],
  ];
  it.each(cases)('seed %s, parts %j: the value of the joined text', (seed, parts) => {
    const value = seededUnit(seed, ...parts);
    expect(value).toBe(joinedUnit(seed, ...parts));
    expect(value).toBeGreaterThanOrEqual(0);
    expect(value).toBeLessThan(1);
  });
  it('different parts give different values', () => {
    expect(seededUnit(7, 'a', 'b')).not.toBe(seededUnit(7, 'ab'));
  });
});

describe('containerIdOf writes its digits into one string', () => {
  const cases: [number, string, string, number][] = [
    [7, '0f3c-uid', 'nginx', 0],
    [7, '0f3c-uid', 'nginx', 1],
    [0, '', '', 0],
    [123456789, 'éé\u0000x', 'side-car', 12],
  ];
  it.each(cases)('seed %s, uid %j, container %j, restart %s: containerd:// and hex64 of the same parts', (seed, uid, name, restarts) => {
    const id = containerIdOf(seed, uid, name, restarts);
    expect(id).toBe(`containerd://${hex64('container', seed, uid, name, restarts)}`);
    expect(id).toMatch(/^containerd:\/\/[0-9a-f]{64}$/);
  });
  it('one ID made after another keeps its own digits (the scratch list is reused)', () => {
    const first = containerIdOf(7, 'a', 'web', 0);
    const second = containerIdOf(7, 'b', 'web', 0);
    expect(first).not.toBe(second);
    expect(containerIdOf(7, 'a', 'web', 0)).toBe(first);
  });
});
