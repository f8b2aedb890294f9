/**
 * kubectl taint (`pkg/cmd/taint/taint.go` Complete/Validate/RunTaint and `utils.go` parseTaints,
 * reorganizeTaints): add `key[=value]:Effect`, remove `key[:Effect]-`, only on nodes. Each node is
 * patched and printed as `node/NAME tainted|untainted|modified`.
 */
import { isQualifiedName, isValidLabelValue } from '../api/validation.ts';
import { parseSelector, selectorMatches } from '../model/labels.ts';
import { resolveKind } from '../model/kinds.ts';
import type { Taint } from '../model/types.ts';
import { dryRunOf } from './drain.ts';
import { fail, type CommandHandler, type KubectlResult } from './types.ts';

const EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];
const USAGE = "\nSee 'kubectl taint -h' for help and examples";

/** Taint.ToString. */
function taintString(t: { key: string; value?: string; effect?: string }): string {
  if (!t.effect) return t.value ? `${t.key}=${t.value}:` : t.key;
  return t.value ? `${t.key}=${t.value}:${t.effect}` : `${t.key}:${t.effect}`;
}

/** parseTaint: `<key>=<value>:<effect>`, `<key>:<effect>` or `<key>`. */
function parseTaint(spec: string): { key: string; value: string; effect: string } | { error: string } {
  const parts = spec.split(':');
  let key = '';
  let value = '';
  let effect = '';
  if (parts.length === 1) key = parts[0] ?? '';
  else if (parts.length === 2) {
    effect = parts[1] ?? '';
    if (!EFFECTS.includes(effect)) return { error: `invalid taint effect: ${effect}, unsupported taint effect` };
    const kv = (parts[0] ?? '').split('=');
    if (kv.length > 2) return { error: `invalid taint spec: ${spec}` };
    key = kv[0] ?? '';
    if (kv.length === 2) {
      value = kv[1] ?? '';
      const errs = isValidLabelValue(value);
      if (errs.length > 0) return { error: `invalid taint spec: ${spec}, ${errs.join('; ')}` };
    }
  } else return { error: `invalid taint spec: ${spec}` };
  const errs = isQualifiedName(key);
  if (errs.length > 0) return { error: `invalid taint spec: ${spec}, ${errs.join('; ')}` };
  return { key, value, effect };
}

/** parseTaints: additions need an effect and must be unique by key and effect. */
function parseTaints(specs: string[]): { add: Taint[]; remove: { key: string; effect: string }[] } | { error: string } {
  const add: Taint[] = [];
  const remove: { key: string; effect: string }[] = [];
  for (const spec of specs) {
    if (spec.endsWith('-')) {
      const t = parseTaint(spec.slice(0, -1));
      if ('error' in t) return t;
      remove.push({ key: t.key, effect: t.effect });
      continue;
    }
    const t = parseTaint(spec);
    if ('error' in t) return t;
    if (!t.effect) return { error: `invalid taint spec: ${spec}` };
    // Go's %v of the Taint struct: {key value effect timeAdded}.
    if (add.some((a) => a.key === t.key && a.effect === t.effect)) return { error: `duplicated taints with the same key and effect: {${t.key} ${t.value} ${t.effect} <nil>}` };
    add.push(t.value ? { key: t.key, value: t.value, effect: t.effect } : { key: t.key, effect: t.effect });
  }
  return { add, remove };
}

/** reorganizeTaints: the new list and the word kubectl prints for it. */
function reorganizeTaints(old: Taint[], overwrite: boolean, add: Taint[], remove: { key: string; effect: string }[]): { operation: string; taints: Taint[]; errors: string[] } {
  let taints = [...add];
  // addTaints: keep the old taints not replaced by a new one (MatchTaint: same key and effect).
  for (const o of old) if (!taints.some((t) => t.key === o.key && t.effect === o.effect)) taints.push(o);
  const added = old.length !== taints.length;
  const errors: string[] = [];
  let deleted = false;
  for (const r of remove) {
    const before = taints.length;
    taints = taints.filter((t) => !(t.key === r.key && (!r.effect || t.effect === r.effect)));
    deleted = taints.length !== before;
    if (!deleted) errors.push(`taint "${taintString(r)}" not found`);
  }
  const operation = (added && deleted) || overwrite ? 'modified' : added ? 'tainted' : 'untainted';
  return { operation, taints, errors };
}

const taint: CommandHandler = (ctx, inv) => {
  const resources: string[] = [];
  const specs: string[] = [];
  for (const word of inv.args) {
    const isTaint = word.includes('=') || word.includes(':') || word.endsWith('-');
    if (isTaint) specs.push(word);
    else if (specs.length > 0) return fail(`error: all resources must be specified before taint changes: ${word}`);
    else resources.push(word);
  }
  if (resources.length < 1) return fail('error: one or more resources must be specified as <resource> <name>');
  if (specs.length < 1) return fail('error: at least one taint update is required');
  const parsed = parseTaints(specs);
  if ('error' in parsed) return fail(`error: ${parsed.error}${USAGE}`);
  const dryRun = dryRunOf(inv);
  if (typeof dryRun !== 'string') return fail(dryRun.error);

  // Validate: a node resource type, no key both changed and removed, names or --all/--selector.
  const type = (resources[0] ?? '').toLowerCase();
  const info = resolveKind(type);
  if (!info) return fail(`error: the server doesn't have a resource type "${type}"`);
  if (info.kind !== 'Node') return fail(`error: invalid resource type ${type}, only node types are supported`);
  const conflicts = parsed.add.flatMap((a) => parsed.remove.filter((r) => r.key === a.key && (!r.effect || r.effect === a.effect)).map((r) => `${r.key}=${r.effect}`));
  if (conflicts.length > 0) return fail(`error: can not both modify and remove the following taint(s) in the same command: ${conflicts.join(', ')}`);
  const all = inv.flags.has('all') && inv.flags.get('all') !== 'false';
  const selectorText = inv.flags.get('selector') ?? '';
  if (all && selectorText) return fail("error: setting 'all' parameter with a non empty selector is prohibited");
  if (!all && !selectorText && resources.length < 2) return fail("error: at least one resource name must be specified since 'all' parameter is not set");

  let names = resources.slice(1);
  if (all || selectorText) {
    const selector = parseSelector(selectorText);
    if (!selector) return fail(`error: unable to parse requirement: invalid label selector: "${selectorText}"`);
    names = ctx.api
      .list('Node')
      .filter((n) => selectorMatches(selector, n.metadata.labels))
      .map((n) => n.metadata.name)
      .sort();
  }
  const overwrite = inv.flags.has('overwrite') && inv.flags.get('overwrite') !== 'false';
  const suffix = dryRun === 'client' ? ' (dry run)' : dryRun === 'server' ? ' (server dry run)' : '';
  const stdout: string[] = [];
  const errors: string[] = [];
  for (const name of names) {
    const node = ctx.api.get('Node', undefined, name);
    if (!node) {
      errors.push(`Error from server (NotFound): nodes "${name}" not found`);
      continue;
    }
    const old = ((node['spec'] as { taints?: Taint[] } | undefined)?.taints ?? []).map((t) => ({ ...t }));
    if (!overwrite) {
      const exists = parsed.add.filter((a) => old.some((o) => o.key === a.key && o.effect === a.effect)).map((a) => a.key);
      if (exists.length > 0) {
        errors.push(`node ${name} already has ${exists.join(',')} taint(s) with same effect(s) and --overwrite is false`);
        continue;
      }
    }
    const next = reorganizeTaints(old, overwrite, parsed.add, parsed.remove);
    if (next.errors.length > 0) {
      errors.push(...next.errors);
      continue;
    }
    if (dryRun === 'none') {
      const patched = ctx.cluster.patch('Node', name, { spec: { taints: next.taints.length > 0 ? next.taints : null } }, { type: 'merge' });
      if (!patched.ok) {
        errors.push(patched.message);
        continue;
      }
    }
    stdout.push(`node/${name} ${next.operation}${suffix}`);
  }
  return finish(stdout, errors);
};

/** checkErr over the visitor's aggregate: one error with "error: ", several one a line. */
function finish(stdout: string[], errors: string[]): KubectlResult {
  const out = stdout.map((l) => `${l}\n`).join('');
  if (errors.length === 0) return { code: 0, stdout: out, stderr: '' };
  const lines = errors.length === 1 ? errors.map((e) => (/^(error: |Error from server)/.test(e) ? e : `error: ${e}`)) : errors;
  return { code: 1, stdout: out, stderr: lines.map((l) => `${l}\n`).join('') };
}

export const TAINT_COMMANDS: Record<string, CommandHandler> = { taint };
