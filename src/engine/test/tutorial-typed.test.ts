/**
 * The official StatefulSet Basics tutorial typed into one terminal as a reader types it (interactive
 * `run`, the for-loops, `delete` then `get`), compared line by line with the output the tutorial
 * shows. The script and its expectations live in public/scripts/statefulset-basics-typed.sh (`#>`
 * lines; `#~` marks a watch, whose rows must appear in order among those printed, `#~pods` in order
 * per pod; `#!` notes name where kubectl/kubelet v1.36 differ from the tutorial's older text).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createCluster, runScript } from '../index.ts';

const PATH = 'public/scripts/statefulset-basics-typed.sh';
const SCRIPT = readFileSync(new URL(`../../../${PATH}`, import.meta.url), 'utf8');

interface Expected {
  command: string;
  lines: string[];
  /** `#~`: rows in this order among those printed; `#~pods`: in order per pod only (Parallel). */
  watch: false | 'all' | 'pods';
}

/** The fixture's commands (not the lines typed into a pod's shell) with the lines the tutorial shows after each. */
function expectations(script: string): Expected[] {
  const out: Expected[] = [];
  const lines = script.split('\n');
  let session = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line.startsWith('cat <<EOF')) {
      while (i < lines.length && lines[i] !== 'EOF') i++;
      continue;
    }
    const current = out[out.length - 1];
    if (line.startsWith('#>')) current?.lines.push(line.slice(2).trim());
    else if (line === '#~' && current) current.watch = 'all';
    else if (line === '#~pods' && current) current.watch = 'pods';
    else if (line.startsWith('#') || line.trim() === '') continue;
    else if (session) session = line.trim() !== 'exit';
    else {
      out.push({ command: line, lines: [], watch: false });
      session = /^kubectl run .*--tty/.test(line) || /^kubectl exec -it \S+ -- (sh|bash)$/.test(line);
    }
  }
  return out;
}

/** The transcript cut at each `$ ` command line; comments end a block. */
function blocks(transcript: string): { command: string; lines: string[] }[] {
  const out: { command: string; lines: string[] }[] = [];
  for (const line of transcript.replace(/\n$/, '').split('\n')) {
    if (line.startsWith('$ ')) out.push({ command: line.slice(2), lines: [] });
    else if (line.startsWith('# ') || line === '#') continue;
    else out[out.length - 1]?.lines.push(line);
  }
  return out;
}

const MASKS: Record<string, RegExp> = {
  '<age>': /^(\d+(s|m|h|d))+$/,
  '<ip>': /^\d+\.\d+\.\d+\.\d+$/,
  '<pv>': /^pvc-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
  '<*>': /^/,
};

/** Word by word, with the masks standing for run-dependent values; spacing between columns is free. */
function matches(expected: string, actual: string): boolean {
  const e = expected.trim().split(/\s+/).filter(Boolean);
  const a = actual.trim().split(/\s+/).filter(Boolean);
  if (e.length !== a.length) return false;
  return e.every((word, i) => {
    const mask = MASKS[word];
    return mask ? mask.test(a[i] as string) : word === a[i];
  });
}

/** A watch: the header first, then the tutorial's rows in order among the rows printed. */
function watchMismatch(expected: string[], actual: string[]): string | undefined {
  const [header, ...rows] = expected;
  const printed = actual.filter((l) => l !== '^C');
  if (header === undefined || !matches(header, printed[0] ?? '')) return `header: ${printed[0] ?? '(none)'}`;
  let at = 1;
  for (const row of rows) {
    while (at < printed.length && !matches(row, printed[at] as string)) at++;
    if (at >= printed.length) return `row not seen in order: ${row}`;
    at++;
  }
  return undefined;
}

/** How the API server and kubectl word a refusal. */
const REFUSAL = /^(Error from server|error:|The \S+ "[^"]+" is invalid:)/;

/** The first column of a `get pods` row: the pod's name. */
const pod = (l: string) => l.trim().split(/\s+/)[0] ?? '';

describe('StatefulSet Basics, typed as a reader types it', () => {
  const result = runScript(createCluster(), SCRIPT);
  const expected = expectations(SCRIPT);
  const got = blocks(result.transcript);

  it('runs every command in one terminal; only those the fixture expects to be refused fail', () => {
    // An expected error (the tutorial's OnDelete patch, which v1.36's validation refuses) is the only failure allowed.
    const refused = expected.filter((e) => e.lines.some((l) => REFUSAL.test(l))).map((e) => e.command);
    expect(result.steps.filter((s) => s.code !== 0).map((s) => s.command)).toEqual(refused);
    expect(result.code).toBe(refused.length > 0 ? 1 : 0);
    expect(got.map((b) => b.command)).toEqual(expected.map((e) => e.command));
  });

  it.each(expected.map((e, i) => [i, e.command] as const))('%i: %s', (i) => {
    const e = expected[i] as Expected;
    const actual = (got[i]?.lines ?? []).filter((l, n, all) => !(l === '^C' && n === all.length - 1));
    if (e.watch === 'all') {
      expect(watchMismatch(e.lines, actual)).toBeUndefined();
      return;
    }
    if (e.watch === 'pods') {
      // Pods of a Parallel set start and stop independently: each pod's rows in order.
      const [header = '', ...rows] = e.lines;
      for (const name of new Set(rows.map(pod))) {
        const printed = actual.filter((l, n) => n === 0 || pod(l) === name);
        expect(watchMismatch([header, ...rows.filter((r) => pod(r) === name)], printed)).toBeUndefined();
      }
      return;
    }
    // Line by line: as many lines as the tutorial shows, each matching.
    const diffs = e.lines.map((line, n) => (matches(line, actual[n] ?? '') ? undefined : `${n}: want ${JSON.stringify(line)} got ${JSON.stringify(actual[n])}`)).filter(Boolean);
    expect(diffs).toEqual([]);
    expect(actual.length).toBe(e.lines.length);
  });

  it('npm run sim prints the same transcript', () => {
    const cli = spawnSync(process.execPath, ['src/tools/sim.mjs', PATH], { cwd: new URL('../../..', import.meta.url).pathname, encoding: 'utf8', timeout: 60_000 });
    expect(cli.stdout).toBe(result.transcript);
    expect(cli.status).toBe(result.code);
  }, 60_000);
});
