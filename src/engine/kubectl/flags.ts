/** kubectl's flag grammar: long and short forms, `=value` or a separate word, combined short booleans. */
import type { Flags } from './types.ts';

/** Flags that take a value, with their short aliases resolved to the long name. */
const VALUE_FLAGS = new Map<string, string>([
  ['-n', 'namespace'], ['--namespace', 'namespace'],
  ['-o', 'output'], ['--output', 'output'],
  ['-l', 'selector'], ['--selector', 'selector'],
  ['-f', 'filename'], ['--filename', 'filename'],
  ['-p', 'patch'], ['--patch', 'patch'],
  ['-c', 'container'], ['--container', 'container'],
  ['--type', 'type'], ['--replicas', 'replicas'], ['-r', 'replicas'], ['--from-literal', 'from-literal'], ['--grace-period', 'grace-period'],
  ['--template', 'template'], ['--revision', 'revision'], ['--to-revision', 'to-revision'],
  ['--image', 'image'], ['--request-timeout', 'request-timeout'], ['--field-selector', 'field-selector'],
  ['--timeout', 'timeout'], ['--sort-by', 'sort-by'], ['--restart', 'restart'], ['--dry-run', 'dry-run'],
  ['--current-replicas', 'current-replicas'], ['--subresource', 'subresource'], ['--port', 'port'],
  ['--labels', 'labels'], ['--api-group', 'api-group'], ['--target-port', 'target-port'], ['--protocol', 'protocol'],
  ['--cluster-ip', 'cluster-ip'], ['--name', 'name'],
  ['--min-available', 'min-available'], ['--max-unavailable', 'max-unavailable'], ['--verb', 'verb'], ['--resource', 'resource'],
  ['--resource-name', 'resource-name'], ['--non-resource-url', 'non-resource-url'], ['--role', 'role'], ['--clusterrole', 'clusterrole'],
  ['--user', 'user'], ['--group', 'group'], ['--serviceaccount', 'serviceaccount'], ['--env', 'env'], ['--command', 'command'], ['--context', 'context'],
  ['--for', 'for'], ['--tail', 'tail'], ['--since', 'since'], ['--api-version', 'api-version'],
]);

/** Boolean flags (short aliases resolved). `--cascade` is special: a bare flag means background. */
const BOOL_FLAGS = new Map<string, string>([
  ['-A', 'all-namespaces'], ['--all-namespaces', 'all-namespaces'],
  ['-w', 'watch'], ['--watch', 'watch'], ['--watch-only', 'watch-only'],
  ['-i', 'stdin'], ['--stdin', 'stdin'], ['-t', 'tty'], ['--tty', 'tty'],
  ['--show-labels', 'show-labels'], ['--force', 'force'], ['--all', 'all'], ['--rm', 'rm'],
  ['--overwrite', 'overwrite'], ['--ignore-daemonsets', 'ignore-daemonsets'],
  ['--delete-emptydir-data', 'delete-emptydir-data'], ['--disable-eviction', 'disable-eviction'], ['--wait', 'wait'], ['--record', 'record'],
  ['--local', 'local'], ['--no-headers', 'no-headers'], ['--show-kind', 'show-kind'], ['-h', 'help'], ['--help', 'help'],
  ['--cascade', 'cascade'], ['--namespaced', 'namespaced'], ['-q', 'quiet'], ['--quiet', 'quiet'],
  ['--follow', 'follow'], ['--previous', 'previous'], ['--timestamps', 'timestamps'], ['--client', 'client'], ['--recursive', 'recursive'],
]);

export interface ParsedLine {
  words: string[];
  flags: Flags;
  /** Words after a bare `--` (exec's command). */
  rest: string[];
  error?: string;
}

class FlagSet implements Flags {
  private readonly values = new Map<string, string[]>();
  private readonly given: string[] = [];

  set(name: string, value: string, spelled: string): void {
    this.values.set(name, [...(this.values.get(name) ?? []), value]);
    this.given.push(spelled);
  }

  get(name: string): string | undefined {
    const list = this.values.get(name);
    return list?.[list.length - 1];
  }

  all(name: string): string[] {
    return this.values.get(name) ?? [];
  }

  has(name: string): boolean {
    return this.values.has(name);
  }

  unknown(known: readonly string[]): string[] {
    return [...this.values.keys()].filter((name) => !known.includes(name)).map((name) => (name.length === 1 ? `-${name}` : `--${name}`));
  }
}

/** Splits words into positional arguments and flags; `--` ends flag parsing. */
export function parseFlags(input: string[]): ParsedLine {
  const flags = new FlagSet();
  const words: string[] = [];
  for (let i = 0; i < input.length; i++) {
    const word = input[i] as string;
    if (word === '--') return { words, flags, rest: input.slice(i + 1) };
    if (!word.startsWith('-') || word === '-') {
      words.push(word);
      continue;
    }
    const eq = word.indexOf('=');
    const spelled = eq > 0 ? word.slice(0, eq) : word;
    const inline = eq > 0 ? word.slice(eq + 1) : undefined;
    const valueName = VALUE_FLAGS.get(spelled);
    if (valueName) {
      const value = inline ?? input[++i];
      if (value === undefined) return { words, flags, rest: [], error: `error: flag needs an argument: ${spelled}` };
      flags.set(valueName, value, spelled);
      continue;
    }
    const boolName = BOOL_FLAGS.get(spelled);
    if (boolName) {
      flags.set(boolName, inline ?? (boolName === 'cascade' ? 'background' : 'true'), spelled);
      continue;
    }
    // -it, -wA: combined short booleans.
    if (/^-[a-zA-Z]{2,}$/.test(word) && word.slice(1).split('').every((c) => BOOL_FLAGS.has(`-${c}`))) {
      for (const c of word.slice(1)) flags.set(BOOL_FLAGS.get(`-${c}`) as string, 'true', `-${c}`);
      continue;
    }
    // -nfoo: short value flag glued to its value.
    const short = VALUE_FLAGS.get(word.slice(0, 2));
    if (short && word.length > 2 && !word.startsWith('--')) {
      flags.set(short, word.slice(2), word.slice(0, 2));
      continue;
    }
    return { words, flags, rest: [], error: `error: unknown flag: ${spelled}` };
  }
  return { words, flags, rest: [] };
}
