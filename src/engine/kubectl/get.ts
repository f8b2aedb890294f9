/**
 * `kubectl get` (kubectl/pkg/cmd/get/get.go): resource/name arguments, server-side tables with
 * kubectl's tab writer, `-o wide|name|yaml|json|jsonpath|go-template|custom-columns`, label and field
 * selectors, `-A`, `--show-labels`, `--no-headers`, `--sort-by`, and `-w` over the cluster's change log.
 */
import { qualifiedResource } from '../api/server.ts';
import { parseSelector, selectorMatches } from '../model/labels.ts';
import { resolveKind, unservedKind, type KindInfo } from '../model/kinds.ts';
import type { K8sObject, LabelSelector } from '../model/types.ts';
import { byteCompare, formatLabels, tableFor } from './get-columns.ts';
import { goJson, toJson, toYaml } from './get-encode.ts';
import { runGoTemplate, TemplateError } from './gotemplate.ts';
import { JsonPathError, runJsonPath } from './jsonpath.ts';
import { TabWriter } from './table.ts';
import { fail, type CommandHandler, type Invocation, type KubectlContext, type KubectlResult } from './types.ts';

const KNOWN_FLAGS = [
  'namespace', 'all-namespaces', 'output', 'selector', 'field-selector', 'watch', 'watch-only', 'show-labels', 'no-headers',
  'template', 'request-timeout', 'sort-by', 'show-kind', 'context', 'help', 'filename',
];

const ALLOWED_FORMATS =
  'custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml';

export const ENDPOINTS_WARNING = 'Warning: v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice';

/** Kinds a real cluster serves that the playground does not: they read as empty. */
const UNSERVED: Record<string, { resource: string; singular: string; namespaced: boolean }> = {
  DaemonSet: { resource: 'daemonsets.apps', singular: 'daemonset.apps', namespaced: true },
  Job: { resource: 'jobs.batch', singular: 'job.batch', namespaced: true },
  CronJob: { resource: 'cronjobs.batch', singular: 'cronjob.batch', namespaced: true },
  Ingress: { resource: 'ingresses.networking.k8s.io', singular: 'ingress.networking.k8s.io', namespaced: true },
};

/** What one argument asks for: a whole list of a type, or one object by name. */
interface Request {
  info: KindInfo;
  /** Kinds the playground does not store: always empty. */
  unserved?: boolean;
  name?: string;
}

/** One "info" of kubectl's resource builder: a list of one type, or one named object. */
interface Info {
  info: KindInfo;
  objects: K8sObject[];
  named: boolean;
}

type Output =
  | { t: 'table'; wide: boolean }
  | { t: 'name' }
  | { t: 'yaml' }
  | { t: 'json' }
  | { t: 'jsonpath'; template: string; asJson: boolean }
  | { t: 'template'; template: string }
  | { t: 'columns'; spec: string };

function result(code: number, stdout: string, stderr: string): KubectlResult {
  return { code, stdout, stderr };
}

interface Prepared {
  requests: Request[];
  filter: Filter;
  output: Output;
  warnings: string;
}

/** Flags, output format, resource requests and filters of a `get` invocation, or its error. */
function prepareGet(inv: Invocation): Prepared | KubectlResult {
  const unknown = inv.flags.unknown(KNOWN_FLAGS);
  if (unknown.length > 0) return fail(`error: unknown flag: ${unknown[0]}\nSee 'kubectl get --help' for usage.`);
  if (inv.flags.has('help')) return result(0, 'Display one or many resources.\n\nUsage:\n  kubectl get [(-o|--output=)json|yaml|name|go-template|go-template-file|template|templatefile|jsonpath|jsonpath-as-json|jsonpath-file|custom-columns|custom-columns-file|wide] (TYPE[.VERSION][.GROUP] [NAME | -l label] | TYPE[.VERSION][.GROUP]/NAME ...) [flags] [options]\n', '');
  const output = parseOutput(inv);
  if ('error' in output) return fail(output.error);
  if (inv.flags.has('filename')) return fail('error: reading objects from files is not available in `kubectl get` here; name the resource instead');
  const args = inv.args.filter((a) => a !== '--');
  if (args.length === 0) {
    return fail(
      'You must specify the type of resource to get. Use "kubectl api-resources" for a complete list of supported resources.\n\n' +
        'error: Required resource not specified.\nUse "kubectl explain <resource>" for a detailed description of that resource (e.g. kubectl explain pods).\n' +
        "See 'kubectl get -h' for help and examples"
    );
  }
  const requests = parseArgs(args);
  if ('error' in requests) return fail(requests.error);
  const named = requests.some((r) => r.name !== undefined);
  const selectorText = inv.flags.get('selector');
  let selector: LabelSelector | undefined;
  if (selectorText !== undefined) {
    if (named) return fail('error: name cannot be provided when a selector is specified');
    selector = parseSelector(selectorText);
    if (!selector) return fail(`error: unable to parse requirement: invalid label selector "${selectorText}"`);
  }
  const fieldText = inv.flags.get('field-selector');
  let fields: FieldRequirement[] | undefined;
  if (fieldText !== undefined) {
    const parsed = parseFieldSelector(fieldText);
    if (!parsed) return fail(`error: invalid selector: '${fieldText}'; can't understand '${fieldText}'`);
    fields = parsed;
  }
  if (inv.allNamespaces && named) return fail('error: a resource cannot be retrieved by name across all namespaces');
  const filter: Filter = { namespace: inv.namespace, all: inv.allNamespaces, selector, fields };
  const warnings = requests.some((r) => r.info.kind === 'Endpoints') ? `${ENDPOINTS_WARNING}\n` : '';
  return { requests, filter, output, warnings };
}

const get: CommandHandler = (ctx, inv) => {
  const prepared = prepareGet(inv);
  if ('code' in prepared) return prepared;
  const { requests, filter, output, warnings } = prepared;
  if (inv.flags.has('watch') || inv.flags.has('watch-only')) return watch(ctx, inv, requests, filter, output, warnings);

  // The resource builder: one info per list request, one per named object found; NotFound errors collected.
  const infos: Info[] = [];
  const errors: string[] = [];
  for (const req of requests) {
    if (req.name === undefined) {
      infos.push({ info: req.info, objects: req.unserved ? [] : listObjects(ctx, req.info, filter), named: false });
      continue;
    }
    const obj = req.unserved ? undefined : ctx.api.get(req.info.kind, req.info.namespaced ? inv.namespace : undefined, req.name);
    if (!obj) errors.push(`Error from server (NotFound): ${req.unserved ? req.info.resource : qualifiedResource(req.info)} "${req.name}" not found`);
    else infos.push({ info: req.info, objects: [obj], named: true });
  }
  const sortBy = inv.flags.get('sort-by');
  if (sortBy !== undefined) {
    const sorted = sortInfos(infos, sortBy);
    if (sorted) return fail(sorted);
  }
  const errText = errors.map((e) => `${e}\n`).join('');
  const code = errors.length > 0 ? 1 : 0;
  const now = ctx.cluster.now();

  if (output.t !== 'table') {
    const singleItemImplied = requests.length === 1 && requests[0]?.name !== undefined;
    if (singleItemImplied && errors.length > 0) return result(1, '', warnings + errText);
    const objects = infos.flatMap((i) => i.objects.map((o) => ({ obj: o, info: i.info })));
    if (output.t === 'name') return result(code, objects.map((o) => `${o.info.singularQualified}/${o.obj.metadata.name}\n`).join(''), warnings + errText);
    const data: unknown = singleItemImplied && objects.length === 1 ? objects[0]?.obj : asList(objects.map((o) => o.obj));
    const printed = printGeneric(output, data, objects.map((o) => o.obj), now);
    if ('error' in printed) return result(1, '', `${warnings}${printed.error}\n`);
    return result(code, printed.text, warnings + errText);
  }

  // Human-readable: a table per run of the same type, a blank line between groups that printed.
  const printWithKind = inv.flags.has('show-kind') || (infos.length >= 2 && new Set(infos.map((i) => i.info.kind)).size > 1);
  const writer = new TabWriter();
  let stdout = '';
  let group: { info: KindInfo; rows: string[][]; headerDone: boolean } | undefined;
  let separatorReady = false;
  const flush = () => {
    if (!group || group.rows.length === 0) return;
    const text = writer.flush(group.rows);
    if (separatorReady && text) {
      stdout += '\n';
      separatorReady = false;
    }
    stdout += text;
    group.rows = [];
  };
  const noHeaders = inv.flags.has('no-headers');
  for (const info of infos) {
    if (!group || group.info.kind !== info.info.kind) {
      flush();
      writer.reset();
      if (group && !noHeaders && stdout.length > 0) separatorReady = true;
      group = { info: info.info, rows: [], headerDone: false };
    }
    const layout = tableLayout(info.info, output.wide, inv.allNamespaces, inv.flags.has('show-labels'), printWithKind);
    if (info.objects.length > 0 && !group.headerDone && !noHeaders) group.rows.push(layout.header);
    if (info.objects.length > 0) group.headerDone = true;
    for (const obj of info.objects) group.rows.push(layout.row(obj, now));
  }
  flush();
  let stderr = warnings;
  if (stdout === '' && errors.length === 0) {
    const allNamespaced = !inv.allNamespaces && requests.every((r) => r.info.namespaced);
    stderr += allNamespaced ? `No resources found in ${inv.namespace} namespace.\n` : 'No resources found\n';
  }
  return result(code, stdout, stderr + errText);
};

export const GET_COMMANDS: Record<string, CommandHandler> = { get };

// ---------- arguments ----------

function lookupKind(name: string): Request | { error: string } {
  const info = resolveKind(name);
  if (info) return { info };
  const unserved = unservedKind(name);
  const meta = unserved ? UNSERVED[unserved] : undefined;
  if (unserved && meta) {
    const group = meta.resource.includes('.') ? meta.resource.slice(meta.resource.indexOf('.') + 1) : '';
    return {
      info: {
        kind: unserved, apiVersion: group ? `${group}/v1` : 'v1', resource: meta.resource.split('.')[0] as string,
        singularQualified: meta.singular, namespaced: meta.namespaced, aliases: [],
      },
      unserved: true,
    };
  }
  return { error: `error: the server doesn't have a resource type "${name}"` };
}

/**
 * The `all` category in discovery order (core, then apps): of pods, replicationcontrollers, services,
 * daemonsets, deployments, replicasets, statefulsets, horizontalpodautoscalers, cronjobs and jobs, the
 * ones the playground serves.
 */
const ALL_CATEGORY = ['pods', 'services', 'deployments', 'replicasets', 'statefulsets'];

/** ResourceTypeOrNameArgs: `TYPE[,TYPE…] [NAME…]` or `TYPE/NAME…`; `all` expands to its category. */
function parseArgs(args: string[]): Request[] | { error: string } {
  const requests: Request[] = [];
  if (args.some((a) => a.includes('/'))) {
    if (!args.every((a) => a.includes('/'))) {
      return {
        error:
          "error: there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'",
      };
    }
    for (const arg of args) {
      const slash = arg.indexOf('/');
      const type = arg.slice(0, slash);
      const name = arg.slice(slash + 1);
      if (!type || !name || name.includes('/')) return { error: `error: arguments in resource/name form must have a single resource and name` };
      const found = lookupKind(type);
      if ('error' in found) return found;
      requests.push({ ...found, name });
    }
    return requests;
  }
  const [typeArg = '', ...names] = args;
  const types: Request[] = [];
  for (const type of typeArg.split(',').filter(Boolean)) {
    if (type === 'all') {
      for (const k of ALL_CATEGORY) if (!types.some((t) => t.info.resource === k)) types.push({ info: resolveKind(k) as KindInfo });
      continue;
    }
    const found = lookupKind(type);
    if ('error' in found) return found;
    if (!types.some((t) => t.info.kind === found.info.kind)) types.push(found);
  }
  if (types.length === 0) return { error: 'error: Required resource not specified.' };
  if (names.length === 0) return types;
  for (const t of types) for (const name of names) requests.push({ ...t, name });
  return requests;
}

function parseOutput(inv: Invocation): Output | { error: string } {
  const template = inv.flags.get('template');
  let format = inv.flags.get('output') ?? '';
  if (format === '' && template !== undefined) format = 'go-template';
  const eq = format.indexOf('=');
  const name = eq >= 0 ? format.slice(0, eq) : format;
  const arg = eq >= 0 ? format.slice(eq + 1) : template;
  switch (name) {
    case '':
      return { t: 'table', wide: false };
    case 'wide':
      return { t: 'table', wide: true };
    case 'name':
      return { t: 'name' };
    case 'yaml':
      return { t: 'yaml' };
    case 'json':
      return { t: 'json' };
    case 'jsonpath':
    case 'jsonpath-as-json':
      if (!arg) return { error: 'error: template format specified but no template given' };
      return { t: 'jsonpath', template: arg, asJson: name === 'jsonpath-as-json' };
    case 'go-template':
    case 'template':
      if (!arg) return { error: 'error: template format specified but no template given' };
      return { t: 'template', template: arg };
    case 'custom-columns':
      if (!arg) return { error: 'error: custom-columns format specified but no custom columns given' };
      return { t: 'columns', spec: arg };
    default:
      return { error: `error: unable to match a printer suitable for the output format "${format}", allowed formats are: ${ALLOWED_FORMATS}` };
  }
}

// ---------- filtering ----------

interface FieldRequirement {
  path: string;
  op: '=' | '!=';
  value: string;
}

interface Filter {
  namespace: string;
  all: boolean;
  selector: LabelSelector | undefined;
  fields: FieldRequirement[] | undefined;
}

function parseFieldSelector(text: string): FieldRequirement[] | undefined {
  const out: FieldRequirement[] = [];
  for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const m = /^([\w.-]+)\s*(==|=|!=)\s*(.*)$/.exec(part);
    if (!m) return undefined;
    out.push({ path: m[1] as string, op: m[2] === '!=' ? '!=' : '=', value: m[3] ?? '' });
  }
  return out;
}

function fieldValue(obj: K8sObject, path: string): string {
  let cur: unknown = obj;
  for (const key of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return '';
    cur = (cur as Record<string, unknown>)[key];
  }
  return typeof cur === 'string' || typeof cur === 'number' || typeof cur === 'boolean' ? String(cur) : '';
}

function matchesFilter(obj: K8sObject, info: KindInfo, filter: Filter): boolean {
  if (info.namespaced && !filter.all && (obj.metadata.namespace ?? '') !== filter.namespace) return false;
  if (filter.selector && !selectorMatches(filter.selector, obj.metadata.labels)) return false;
  for (const f of filter.fields ?? []) {
    const v = fieldValue(obj, f.path);
    if (f.op === '=' ? v !== f.value : v === f.value) return false;
  }
  return true;
}

/** What the apiserver lists: storage order is by key, so namespace then name. */
function listObjects(ctx: KubectlContext, info: KindInfo, filter: Filter): K8sObject[] {
  const source = ctx.api.list(info.kind, info.namespaced && !filter.all ? filter.namespace : undefined);
  return source
    .filter((o) => matchesFilter(o, info, filter))
    .sort((a, b) => byteCompare(a.metadata.namespace ?? '', b.metadata.namespace ?? '') || byteCompare(a.metadata.name, b.metadata.name));
}

function sortInfos(infos: Info[], sortBy: string): string | undefined {
  let expr = sortBy.trim();
  if (!expr.startsWith('{')) expr = `{${expr.startsWith('.') ? '' : '.'}${expr}}`;
  for (const info of infos) {
    const keyed: { key: unknown; obj: K8sObject }[] = [];
    for (const obj of info.objects) {
      try {
        const text = runJsonPath(expr, obj);
        keyed.push({ key: text === '' ? undefined : Number.isFinite(Number(text)) && text.trim() !== '' ? Number(text) : text, obj });
      } catch (e) {
        return `error: couldn't parse the --sort-by expression: ${(e as Error).message}`;
      }
    }
    keyed.sort((a, b) => {
      if (a.key === undefined) return b.key === undefined ? 0 : -1;
      if (b.key === undefined) return 1;
      if (typeof a.key === 'number' && typeof b.key === 'number') return a.key - b.key;
      return byteCompare(String(a.key), String(b.key));
    });
    info.objects = keyed.map((k) => k.obj);
  }
  return undefined;
}

// ---------- printing ----------

interface Layout {
  header: string[];
  row(obj: K8sObject, now: number): string[];
}

/** The server table decorated as kubectl does: wide columns, NAMESPACE first, LABELS last, kind prefix. */
function tableLayout(info: KindInfo, wide: boolean, withNamespace: boolean, showLabels: boolean, withKind: boolean): Layout {
  const table = tableFor(info.kind);
  const keep = table.columns.map((c) => wide || !c.wide);
  const nsColumn = withNamespace && info.namespaced;
  const header = table.columns.filter((_, i) => keep[i]).map((c) => c.name);
  // Events have no `name`-format column among the default ones: the kind prefix goes nowhere.
  const nameIndex = info.kind === 'Event' ? -1 : 0;
  return {
    header: [...(nsColumn ? ['NAMESPACE'] : []), ...header, ...(showLabels ? ['LABELS'] : [])],
    row(obj, now) {
      const cells = table.row(obj, now).filter((_, i) => keep[i]);
      if (withKind && nameIndex >= 0) cells[nameIndex] = `${info.singularQualified}/${cells[nameIndex] ?? ''}`;
      if (nsColumn) cells.unshift(obj.metadata.namespace ?? '');
      if (showLabels) cells.push(formatLabels(obj.metadata.labels));
      return cells;
    },
  };
}

function asList(items: K8sObject[]): Record<string, unknown> {
  return { apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } };
}

/** Non-table printers over one object or a List: yaml, json, jsonpath, go-template, custom-columns. */
function printGeneric(output: Output, data: unknown, objects: K8sObject[], now: number): { text: string } | { error: string } {
  switch (output.t) {
    case 'yaml':
      return { text: toYaml(data) };
    case 'json':
      return { text: toJson(data) };
    case 'jsonpath':
      try {
        if (output.asJson) return { text: `${goJson(jsonPathValues(output.template, data), '    ')}\n` };
        return { text: runJsonPath(output.template, data) };
      } catch (e) {
        return { error: `error: error parsing jsonpath ${output.template}, ${(e as JsonPathError).message}` };
      }
    case 'template':
      try {
        return { text: runGoTemplate(output.template, JSON.parse(JSON.stringify(data)) as unknown) };
      } catch (e) {
        if (e instanceof TemplateError && e.phase === 'parse') return { error: `error: error parsing template ${output.template}, template: output:1: ${e.message}` };
        return { error: `error: error executing template "${output.template}": template: output:1:2: ${(e as Error).message}` };
      }
    case 'columns':
      return customColumns(output.spec, objects, now);
    default:
      return { text: '' };
  }
}

function jsonPathValues(template: string, data: unknown): unknown[] {
  // jsonpath-as-json: every result of the template as one JSON array (approximation: text results).
  return runJsonPath(template, data).split(' ').filter(Boolean);
}

function customColumns(spec: string, objects: K8sObject[], _now: number): { text: string } | { error: string } {
  const columns: { header: string; path: string }[] = [];
  for (const part of spec.split(',')) {
    const colon = part.indexOf(':');
    if (colon <= 0) return { error: `error: unexpected custom-columns spec: ${part}, expected <header>:<json-path-expr>` };
    let path = part.slice(colon + 1).trim();
    if (!path.startsWith('{')) path = `{${path.startsWith('.') ? '' : '.'}${path}}`;
    columns.push({ header: part.slice(0, colon), path });
  }
  const rows: string[][] = [columns.map((c) => c.header)];
  try {
    for (const obj of objects) rows.push(columns.map((c) => runJsonPath(c.path, obj) || '<none>'));
  } catch (e) {
    return { error: `error: ${(e as Error).message}` };
  }
  return { text: new TabWriter().flush(rows) };
}

// ---------- watch ----------

/** Go duration or bare seconds, as `--request-timeout` accepts. */
function parseTimeout(text: string): number | undefined {
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  if (!/^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/.test(text)) return undefined;
  const unit: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  let ms = 0;
  for (const m of text.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)) ms += Number(m[1]) * (unit[m[2] as string] ?? 0);
  return ms;
}

/** The longest a headless watch advances the cluster in one call. */
const MAX_WATCH_MS = 3_600_000;

/** A running watch: the rows so far, and `poll()` for the rows of changes since the last poll. */
export interface Watcher {
  initial: KubectlResult;
  poll(): string;
}

function watch(ctx: KubectlContext, inv: Invocation, requests: Request[], filter: Filter, output: Output, warnings: string): KubectlResult {
  const timeout = parseTimeout(inv.flags.get('request-timeout') ?? '0');
  if (timeout === undefined) {
    return fail('error: Invalid timeout value. Timeout must be a single integer in seconds, or an integer followed by a corresponding time unit (e.g. 1s | 2m | 3h)');
  }
  const watcher = openWatcher(ctx, inv, requests, filter, output, warnings);
  if ('code' in watcher) return watcher;
  if (watcher.initial.code !== 0 || timeout <= 0) return watcher.initial;
  ctx.cluster.advance(Math.min(timeout, MAX_WATCH_MS));
  const more = watcher.poll();
  return { ...watcher.initial, stdout: watcher.initial.stdout + more };
}

/** Sets up a watch (kubectl get -w): prints the current rows, then one row per matching change. */
function openWatcher(
  ctx: KubectlContext,
  inv: Invocation,
  requests: Request[],
  filter: Filter,
  output: Output,
  warnings: string
): Watcher | KubectlResult {
  if (new Set(requests.map((r) => r.info.kind)).size > 1) return fail('error: you may only specify a single resource type');
  const names = requests.filter((r) => r.name !== undefined);
  if (names.length > 1) return fail(`error: watch is only supported on individual resources and resource collections, but ${names.length} resources were found`);
  const req = requests[0] as Request;
  const info = req.info;
  const name = req.name;
  let current: K8sObject[];
  if (name !== undefined) {
    const obj = req.unserved ? undefined : ctx.api.get(info.kind, info.namespaced ? inv.namespace : undefined, name);
    if (!obj) return result(1, '', `${warnings}Error from server (NotFound): ${req.unserved ? info.resource : qualifiedResource(info)} "${name}" not found\n`);
    current = [obj];
  } else current = req.unserved ? [] : listObjects(ctx, info, filter);

  const writer = new TabWriter();
  const layout = output.t === 'table' ? tableLayout(info, output.wide, inv.allNamespaces, inv.flags.has('show-labels'), false) : undefined;
  const noHeaders = inv.flags.has('no-headers');
  let headerDone = noHeaders;
  let printed = 0;
  const print = (objs: K8sObject[], at: number): { text: string } | { error: string } => {
    let text = '';
    if (layout) {
      const rows = objs.map((o) => layout.row(o, at));
      if (rows.length === 0) return { text };
      if (!headerDone) rows.unshift(layout.header);
      headerDone = true;
      return { text: writer.flush(rows) };
    }
    for (const obj of objs) {
      if (output.t === 'name') text += `${info.singularQualified}/${obj.metadata.name}\n`;
      else {
        const out = printGeneric(output, obj, [obj], at);
        if ('error' in out) return out;
        if (output.t === 'yaml' && printed > 0) text += '---\n';
        text += out.text;
      }
      printed++;
    }
    return { text };
  };
  const start = ctx.cluster.now();
  let stdout = '';
  if (!inv.flags.has('watch-only')) {
    const out = print(current, start);
    if ('error' in out) return result(1, '', `${warnings}${out.error}\n`);
    stdout = out.text;
  }
  const matching = new Set(current.map((o) => `${o.metadata.namespace ?? ''}/${o.metadata.name}`));
  // The watch starts at the list's resourceVersion; one that falls behind the compacted log ends
  // as the apiserver ends it (410 Expired), and prints nothing more.
  let seen: number | undefined = ctx.engine.state.rv;
  return {
    initial: result(0, stdout, warnings),
    poll: () => {
      if (seen === undefined) return '';
      const fresh = ctx.api.changesAfter(seen);
      if (!fresh) {
        const text = `Error from server (Expired): too old resource version: ${seen} (${ctx.api.compactedRevision()})\n`;
        seen = undefined;
        return text;
      }
      seen = ctx.engine.state.rv;
      let text = '';
      for (const change of fresh) {
        if (change.kind !== info.kind) continue;
        const obj = change.object;
        if (name !== undefined && obj.metadata.name !== name) continue;
        if (info.namespaced && !filter.all && (obj.metadata.namespace ?? '') !== filter.namespace) continue;
        const key = `${obj.metadata.namespace ?? ''}/${obj.metadata.name}`;
        const matches = matchesFilter(obj, info, filter);
        // An object that stops matching the selector leaves the watch with a DELETED event (its last state).
        if (!matches && !matching.has(key)) continue;
        if (matches && change.type !== 'DELETED') matching.add(key);
        else matching.delete(key);
        const out = print([obj], change.time);
        if ('text' in out) text += out.text;
      }
      return text;
    },
  };
}

/** Opens a watch for a `get … -w` invocation (the console streams its rows as time passes). */
export function openGetWatch(ctx: KubectlContext, inv: Invocation): Watcher | KubectlResult {
  const prepared = prepareGet(inv);
  if ('code' in prepared) return prepared;
  return openWatcher(ctx, inv, prepared.requests, prepared.filter, prepared.output, prepared.warnings);
}
