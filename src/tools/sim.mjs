// `npm run sim -- FILE [--seed N] [--nodes N]`: replays a kubectl script in a fresh simulated cluster
// and prints the transcript (for course authors). Exit code: the first failing command's.
import { readFileSync } from 'node:fs';
import { runnerImport } from 'vite';

const args = process.argv.slice(2);
const file = args.find((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'));
const option = (name) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : undefined;
};
if (!file) {
  console.error('usage: npm run sim -- FILE [--seed N] [--nodes N]');
  process.exit(2);
}
let script;
try {
  script = readFileSync(file, 'utf8');
} catch (err) {
  console.error(`sim: cannot read ${file}: ${err.message}`);
  process.exit(2);
}
const { module } = await runnerImport(new URL('../engine/index.ts', import.meta.url).pathname, { configFile: false, logLevel: 'error' });
const opts = {};
if (option('seed') !== undefined) opts.seed = option('seed');
if (option('nodes') !== undefined) opts.nodes = option('nodes');
const result = module.runScript(module.createCluster(opts), script);
process.stdout.write(result.transcript);
process.exit(result.code);
