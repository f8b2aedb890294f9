// `npm run fuzz [-- --inputs N] [--seed S] [--hang-ms MS]`: the engine fuzzer at scale (issue 9).
// Runs src/engine/test/fuzz.ts over generated inputs (mutated manifests, random text, kubectl lines,
// action sequences with invariants and restore equivalence, poisoned snapshots) and prints the counts
// that must all be 0, then one closing line. Exit code 1 when any count is not 0.
import { readdirSync, readFileSync } from 'node:fs';
import { runnerImport } from 'vite';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const inputs = option('inputs', 100_000);
const seed = option('seed', 20261205);
const hangMs = option('hang-ms', 5000);

const fixtures = new URL('../engine/test/fixtures/', import.meta.url);
const files = readdirSync(fixtures)
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .map((f) => readFileSync(new URL(f, fixtures), 'utf8'));

const { module } = await runnerImport(new URL('../engine/test/fuzz.ts', import.meta.url).pathname, { configFile: false, logLevel: 'error' });
const started = performance.now();
let lastShown = 0;
let shownSamples = 0;
const report = module.runFuzz({
  seed,
  inputs,
  files,
  hangMs,
  progress: (c) => {
    // New failures are shown as they come (a long run can be stopped once one is seen).
    while (shownSamples < c.samples.length) console.log(`  - ${c.samples[shownSamples++]}`);
    if (c.inputs - lastShown < 10_000) return;
    lastShown = c.inputs;
    const s = Math.round((performance.now() - started) / 1000);
    console.log(`  ${c.inputs} inputs, ${s} s: throws ${c.throws}, hangs ${c.hangs}, unpositioned ${c.unpositioned}, rejected-but-changed ${c.rejectedChanged}, invariants ${c.invariants}, diverged ${c.diverged}`);
  },
});
const seconds = ((performance.now() - started) / 1000).toFixed(1);
const counts = {
  throws: report.throws,
  hangs: report.hangs,
  'errors without position': report.unpositioned,
  'rejected but changed': report.rejectedChanged,
  'invariant violations': report.invariants,
  'restore divergences': report.diverged,
};
console.log(`fuzz: seed ${seed}, ${report.inputs} inputs in ${seconds} s (hang bound ${hangMs} ms per input)`);
for (const [name, n] of Object.entries(counts)) console.log(`  ${name}: ${n}`);
for (const sample of report.samples.slice(shownSamples)) console.log(`  - ${sample}`);
const bad = Object.values(counts).reduce((a, b) => a + b, 0);
console.log(bad === 0 ? `fuzz: ${report.inputs} inputs, all counts 0` : `fuzz: FAILED, ${bad} problems in ${report.inputs} inputs`);
process.exit(bad === 0 ? 0 : 1);
