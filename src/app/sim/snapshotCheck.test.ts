/** A stored snapshot is told apart before restoring: this version's, a newer version's, or something else. */
import { describe, expect, it } from 'vitest';
import { createCluster } from '../../engine/index.ts';
import { classifySnapshot } from './snapshotCheck.ts';

describe('classifySnapshot', () => {
  it("reads the engine's own snapshots as current", () => {
    expect(classifySnapshot(createCluster({}).snapshot())).toBe('current');
  });

  it.each([
    [{ format: 'statefulset-playground/cluster@2' }, 'newer'],
    [{ format: 'statefulset-playground/cluster@17', objects: {} }, 'newer'],
    [{ format: 'statefulset-playground/cluster@1' }, 'current'],
    [{ format: 'something-else@9' }, 'foreign'],
    [{ version: 1, objects: 'nonsense' }, 'foreign'],
    [null, 'foreign'],
    ['statefulset-playground/cluster@2', 'foreign'],
  ])('%j is %s', (value, kind) => {
    expect(classifySnapshot(value)).toBe(kind);
  });
});
