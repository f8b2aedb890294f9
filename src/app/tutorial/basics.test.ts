/** Every step of the in-page tutorial runs cleanly in the engine, as the page would run it. */
import { describe, expect, it } from 'vitest';
import { createCluster } from '../../engine/index.ts';
import { BASICS, WEB_YAML } from './basics.ts';

describe('the guided StatefulSet Basics lesson', () => {
  it('runs every step without an error, in both languages', () => {
    const cluster = createCluster();
    let yaml = '';
    const failures: string[] = [];
    for (const step of BASICS) {
      expect(step.title.en && step.title['zh-CN'] && step.text.en && step.text['zh-CN']).toBeTruthy();
      if (step.yaml) yaml = step.yaml;
      for (const command of step.commands) {
        const files: Record<string, string> = {};
        for (const m of command.matchAll(/-f\s+(\S+)/g)) files[m[1] ?? ''] = yaml;
        const result = cluster.kubectl(command, { files });
        if (result.code !== 0) failures.push(`${step.id}: ${command}: ${result.stderr}`);
      }
      cluster.settle();
    }
    expect(failures).toEqual([]);
    expect(cluster.list('pvc')).toEqual([]);
    expect(WEB_YAML).toContain('replicas: 2');
  });
});
