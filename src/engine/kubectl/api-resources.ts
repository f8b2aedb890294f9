/**
 * `kubectl api-resources` (kubectl/pkg/cmd/apiresources): the kinds the playground's API server
 * serves, sorted by group then name (sortableResource), printed NAME SHORTNAMES APIVERSION
 * NAMESPACED KIND (wide adds VERBS and CATEGORIES), or `-o name`.
 */
import { allKinds, type KindInfo } from '../model/kinds.ts';
import { TabWriter } from './table.ts';
import { fail, ok, type CommandHandler } from './types.ts';

const KNOWN_FLAGS = ['output', 'no-headers', 'namespaced', 'api-group', 'sort-by', 'context', 'help'];
const VERBS = 'create,delete,deletecollection,get,list,patch,update,watch';
/** The `all` category (kubectl get all) and the verbs of the kinds with fewer. */
const CATEGORIES: Record<string, string> = { pods: 'all', services: 'all', deployments: 'all', replicasets: 'all', statefulsets: 'all' };
const SPECIAL_VERBS: Record<string, string> = { namespaces: 'create,delete,get,list,patch,update,watch' };

function groupOf(info: KindInfo): string {
  return info.apiVersion.includes('/') ? info.apiVersion.split('/')[0] ?? '' : '';
}

/** kubectl's short names: the aliases that are not the kind's own singular name. */
function shortNames(info: KindInfo): string {
  return info.aliases.filter((a) => a !== info.kind.toLowerCase()).join(',');
}

function byteCompare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const apiResources: CommandHandler = (_ctx, inv) => {
  const unknown = inv.flags.unknown(KNOWN_FLAGS);
  if (unknown.length > 0) return fail(`error: unknown flag: ${unknown[0] ?? ''}\nSee 'kubectl api-resources --help' for usage.`);
  if (inv.args.length > 0) return fail(`error: unexpected arguments: [${inv.args.join(' ')}]\nSee 'kubectl api-resources -h' for help and examples`);
  const output = inv.flags.get('output') ?? '';
  if (output !== '' && output !== 'wide' && output !== 'name') {
    return fail(`error: --output ${output} is not available in 'kubectl api-resources'`);
  }
  const sortBy = inv.flags.get('sort-by') ?? '';
  if (sortBy !== '' && sortBy !== 'name' && sortBy !== 'kind') return fail(`error: --sort-by accepts only name or kind`);
  let list = [...allKinds()];
  const namespaced = inv.flags.get('namespaced');
  if (namespaced !== undefined) {
    const want = namespaced !== 'false';
    list = list.filter((k) => k.namespaced === want);
  }
  const group = inv.flags.get('api-group');
  if (group !== undefined) list = list.filter((k) => groupOf(k) === group);
  const key = (k: KindInfo): string => (sortBy === 'name' ? k.resource : sortBy === 'kind' ? k.kind : groupOf(k));
  list.sort((a, b) => byteCompare(key(a), key(b)) || byteCompare(a.resource, b.resource));
  if (output === 'name') return ok(list.map((k) => (groupOf(k) ? `${k.resource}.${groupOf(k)}` : k.resource)).join('\n'));
  const wide = output === 'wide';
  const rows: string[][] = [];
  if (!inv.flags.has('no-headers')) rows.push(['NAME', 'SHORTNAMES', 'APIVERSION', 'NAMESPACED', 'KIND', ...(wide ? ['VERBS', 'CATEGORIES'] : [])]);
  for (const k of list) {
    const row = [k.resource, shortNames(k), k.apiVersion, String(k.namespaced), k.kind];
    if (wide) row.push(SPECIAL_VERBS[k.resource] ?? VERBS, CATEGORIES[k.resource] ?? '');
    rows.push(row);
  }
  return ok(new TabWriter().flush(rows));
};

export const API_RESOURCES_COMMANDS: Record<string, CommandHandler> = { 'api-resources': apiResources };
