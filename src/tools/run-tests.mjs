// The README's test command: typecheck, lint, then every Vitest project (unit and browser), and a
// closing line "N passed, N failed" that CI reads (Vitest's own summary is not recognised there).
// Typecheck and lint count as one check each, so a type or lint error fails the run visibly.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;
const bin = (name) => join(root, 'node_modules', '.bin', name);
const run = (cmd, args) => spawnSync(cmd, args, { cwd: root, stdio: 'inherit' }).status === 0;

let passed = 0;
let failed = 0;
const check = (label, ok) => {
  console.log(`${ok ? 'ok' : 'FAILED'}: ${label}`);
  if (ok) passed += 1;
  else failed += 1;
};

check('typecheck (tsc -b)', run(bin('tsc'), ['-b']));
check('lint (oxlint, zero warnings)', run(bin('oxlint'), ['-c', 'src/tools/oxlintrc.json', '--deny-warnings', 'src']));

const outDir = join(root, '.vitest-results');
rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });
const outFile = join(outDir, 'results.json');
const vitestOk = run(bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${outFile}`]);
try {
  const report = JSON.parse(readFileSync(outFile, 'utf8'));
  passed += report.numPassedTests ?? 0;
  failed += report.numFailedTests ?? 0;
  // A suite that crashed before running its tests reports no failed test: count it.
  const brokenSuites = (report.testResults ?? []).filter(
    (r) => r.status === 'failed' && (r.assertionResults ?? []).every((a) => a.status !== 'failed')
  ).length;
  failed += brokenSuites;
  if (!vitestOk && failed === 0) failed += 1;
  if ((report.numTotalTests ?? 0) === 0) failed += 1;
} catch {
  console.log('FAILED: vitest produced no JSON report');
  failed += 1;
}

console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
