/**
 * A fixed-seed sample of the engine fuzzer (fuzz.ts; `npm run fuzz` runs it at scale): generated
 * manifests, text, kubectl lines, action sequences and poisoned snapshots. Nothing may throw or hang,
 * every apply error has a position, a refused apply changes nothing, the invariants hold after every
 * step, and a restored snapshot continues exactly as the original.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { runFuzz } from './fuzz.ts';

const dir = new URL('./fixtures/', import.meta.url);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.yaml'))
  .toSorted()
  .map((f) => readFileSync(new URL(f, dir), 'utf8'));

test('a fixed-seed fuzz sample finds no throw, hang, unpositioned error, changed refusal or divergence', () => {
  const inputs = Number(process.env['FUZZ_SAMPLE'] ?? 2000);
  const report = runFuzz({ seed: 20261205, inputs, files, hangMs: 15_000 });
  expect(report.samples).toEqual([]);
  expect(report).toMatchObject({ throws: 0, hangs: 0, unpositioned: 0, rejectedChanged: 0, invariants: 0, diverged: 0 });
  expect(report.inputs).toBeGreaterThanOrEqual(inputs);
}, 600_000);
