/**
 * kubectl's writing commands: apply, create, delete, scale, patch, set image, edit, label, annotate,
 * cordon, uncordon, drain. Writes go through the public Cluster methods (or the API server for
 * `create`), and every line is worded as kubectl prints it.
 */
import type { PatchType } from '../api/patch.ts';
import { mappingErrorHint } from '../api/removed-versions.ts';
import { undecodable, type StatusError } from '../api/server.ts';
import { parseManifests } from '../manifest/parse.ts';
import { kindForManifest, resolveKind, unservedKind, type KindInfo } from '../model/kinds.ts';
import { parseSelector, selectorMatches } from '../model/labels.ts';
import type { Container, K8sObject, Pod } from '../model/types.ts';
import { CREATE_GENERATORS } from './create-generators.ts';
import { dryRunCordon, dryRunOf, runDrain } from './drain.ts';
import { targetOf, waitAfterDelete, type WaitTarget } from './wait.ts';
import { fail, ok, type CommandHandler, type Invocation, type KubectlContext, type KubectlResult } from './types.ts';

/** One object a command line names. */
export interface Target {
  info: KindInfo;
  name: string;
  namespace: string | undefined;
}

/** Collects stdout/stderr lines and the worst exit code. */
class Output {
  out: string[] = [];
  err: string[] = [];
  code = 0;

  line(text: string): void {
    this.out.push(text);
  }

  error(text: string, code = 1): void {
    this.err.push(text);
    this.code = code;
  }

  result(): KubectlResult {
    return {
      code: this.code,
      stdout: this.out.map((l) => `${l}\n`).join(''),
      stderr: this.err.map((l) => `${l}\n`).join(''),
    };
  }
}

export function unknownType(type: string): string {
  const unserved = unservedKind(type);
  return `error: the server doesn't have a resource type "${type}"${unserved ? ` (${unserved} is not part of this StatefulSet playground)` : ''}`;
}

const RESOURCE_NAME_HINT =
  "error: there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'";

/**
 * kubectl's resource builder over positional words: `TYPE NAME...`, `TYPE1,TYPE2 NAME`, or
 * `TYPE/NAME...`. `types` holds the bare types when no names were given (for -l / --all).
 */
export function parseResourceArgs(words: string[], namespace: string): { targets: Target[]; types: KindInfo[]; error?: string } {
  const targets: Target[] = [];
  if (words.length === 0) return { targets, types: [] };
  const ns = (info: KindInfo) => (info.namespaced ? namespace : undefined);
  if (words.some((w) => w.includes('/'))) {
    for (const word of words) {
      const slash = word.indexOf('/');
      if (slash <= 0) return { targets: [], types: [], error: RESOURCE_NAME_HINT };
      const type = word.slice(0, slash);
      const info = resolveKind(type);
      if (!info) return { targets: [], types: [], error: unknownType(type) };
      targets.push({ info, name: word.slice(slash + 1), namespace: ns(info) });
    }
    return { targets, types: [] };
  }
  const [typeWord = '', ...names] = words;
  const types: KindInfo[] = [];
  for (const type of typeWord.split(',').filter(Boolean)) {
    const info = resolveKind(type);
    if (!info) return { targets: [], types: [], error: unknownType(type) };
    types.push(info);
  }
  for (const info of types) for (const name of names) targets.push({ info, name, namespace: ns(info) });
  return { targets, types };
}

/** Objects of the given kinds matching `-l` (or every one, for --all), sorted as the server lists them. */
function listMatching(ctx: KubectlContext, types: KindInfo[], inv: Invocation, selectorText: string | undefined): Target[] | string {
  let selector;
  if (selectorText !== undefined) {
    selector = parseSelector(selectorText);
    if (!selector) return `error: unable to parse requirement: invalid label selector: "${selectorText}"`;
  }
  const out: Target[] = [];
  for (const info of types) {
    const namespace = info.namespaced && !inv.allNamespaces ? inv.namespace : undefined;
    for (const obj of ctx.cluster.list(info.kind, namespace)) {
      if (selector && !selectorMatches(selector, obj.metadata.labels)) continue;
      out.push({ info, name: obj.metadata.name, namespace: info.namespaced ? obj.metadata.namespace : undefined });
    }
  }
  return out;
}

function notFound(info: KindInfo, name: string): string {
  const group = info.apiVersion.includes('/') ? info.apiVersion.split('/')[0] : '';
  return `Error from server (NotFound): ${group ? `${info.resource}.${group}` : info.resource} "${name}" not found`;
}

/** Reads `-f` sources: a named file from the console, `-` for stdin. */
function readFiles(ctx: KubectlContext, inv: Invocation): { name: string; text: string }[] | string {
  const out: { name: string; text: string }[] = [];
  for (const name of inv.flags.all('filename')) {
    if (name === '-') {
      out.push({ name: 'STDIN', text: inv.stdin });
      continue;
    }
    const exact = ctx.files[name];
    if (exact !== undefined) {
      out.push({ name, text: exact });
      continue;
    }
    // `https://k8s.io/examples/application/web/web.yaml` finds the console's `web.yaml`.
    const base = name.slice(name.lastIndexOf('/') + 1);
    const byBase = Object.entries(ctx.files).find(([key]) => key === base || key.slice(key.lastIndexOf('/') + 1) === base);
    if (byBase) {
      out.push({ name, text: byBase[1] });
      continue;
    }
    if (/^https?:\/\//.test(name)) return `error: unable to read URL "${name}", server reported 404 Not Found, status code=404`;
    return `error: the path "${name}" does not exist`;
  }
  return out;
}

/** Objects a manifest names, in document order (for `delete -f`, and to word apply's errors). */
function manifestTargets(text: string, namespace: string): { targets: (Target & { document: number })[]; errors: string[] } {
  const parsed = parseManifests(text);
  const targets: (Target & { document: number })[] = [];
  const errors = parsed.errors.map((e) => e.message);
  for (const doc of parsed.documents) {
    const obj = doc.object as K8sObject | null;
    if (!obj || typeof obj.kind !== 'string') continue;
    const info = kindForManifest(String(obj.apiVersion), obj.kind) ?? resolveKind(obj.kind);
    if (!info || !obj.metadata || typeof obj.metadata.name !== 'string') continue;
    targets.push({ info, name: obj.metadata.name, namespace: info.namespaced ? obj.metadata.namespace || namespace : undefined, document: doc.index });
  }
  return { targets, errors };
}

function undecodableStrict(obj: K8sObject): { ok: false; error: StatusError } | undefined {
  const error = undecodable(obj, true);
  return error ? { ok: false, error } : undefined;
}

/** Rewords an apply diagnostic the way kubectl prints it for a file. */
function wordApplyError(message: string, file: string, verb: string): string {
  if (message.startsWith('error converting YAML to JSON') || message.startsWith('document ')) return `error: error parsing ${file}: ${message}`;
  if (message.startsWith('error validating data')) {
    return `error: error validating "${file}": ${message}; if you choose to ignore these errors, turn validation off with --validate=false`;
  }
  if (message.startsWith('resource mapping not found')) {
    return `error: ${message.replace(/namespace: "([^"]*)": no matches/, `namespace: "$1" from "${file}": no matches`)}\nensure CRDs are installed first`;
  }
  if (message.startsWith('the namespace from the provided object')) return `error: ${message}`;
  if (message.startsWith('error when retrieving current configuration')) return `error: ${message.replace('from server for: "STDIN"', `from server for: ${JSON.stringify(file)}`)}`;
  const server = /^Error from server \(([A-Za-z]+)\): ([\s\S]*)$/.exec(message);
  if (server) return `Error from server (${server[1]}): error when ${verb} "${file}": ${server[2]}`;
  return message.startsWith('The ') || message.startsWith('error') ? message : `error: ${message}`;
}

const apply: CommandHandler = (ctx, inv) => {
  if (inv.args.length > 0) return fail(`error: Unexpected args: [${inv.args.join(' ')}]\nSee 'kubectl apply -h' for help and examples`);
  if (inv.flags.all('filename').length === 0) return fail("error: must specify one of -f and -k\n\nSee 'kubectl apply -h' for help and examples");
  const files = readFiles(ctx, inv);
  if (typeof files === 'string') return fail(files);
  const out = new Output();
  for (const file of files) {
    const before = manifestTargets(file.text, inv.namespace);
    const existed = new Map(before.targets.map((t) => [t.document, ctx.api.get(t.info.kind, t.namespace, t.name) !== undefined]));
    const result = ctx.cluster.apply(file.text, inv.flags.has('namespace') ? { namespace: inv.namespace } : {});
    for (const obj of result.objects) {
      const info = resolveKind(obj.kind);
      out.line(`${info?.singularQualified ?? obj.kind.toLowerCase()}/${obj.name} ${obj.action}`);
    }
    for (const error of result.errors) {
      const verb = error.document !== undefined && existed.get(error.document) ? 'patching' : 'creating';
      out.error(wordApplyError(error.message, file.name, verb));
    }
  }
  if (out.out.length === 0 && out.err.length === 0) return fail('error: no objects passed to apply');
  return out.result();
};

const create: CommandHandler = (ctx, inv) => {
  if (inv.args.length > 0) {
    const sub = inv.args[0] ?? '';
    const two = `${sub} ${inv.args[1] ?? ''}`;
    const generator = CREATE_GENERATORS[two] ?? CREATE_GENERATORS[sub];
    if (generator) return generator(ctx, { ...inv, args: inv.args.slice(CREATE_GENERATORS[two] ? 2 : 1) });
    return fail(`error: "kubectl create ${sub}" is not available in this playground; write the object in YAML and use kubectl create -f FILE`);
  }
  if (inv.flags.all('filename').length === 0) return fail("error: must specify one of -f and -k\n\nSee 'kubectl create -h' for help and examples");
  const files = readFiles(ctx, inv);
  if (typeof files === 'string') return fail(files);
  const out = new Output();
  for (const file of files) {
    const parsed = parseManifests(file.text);
    if (parsed.errors.length > 0) {
      for (const e of parsed.errors) out.error(wordApplyError(e.message, file.name, 'creating'));
      continue;
    }
    for (const doc of parsed.documents) {
      const obj = doc.object as K8sObject | null;
      if (!obj) continue;
      const missing = [typeof obj.apiVersion !== 'string' || !obj.apiVersion ? 'apiVersion not set' : '', typeof obj.kind !== 'string' || !obj.kind ? 'kind not set' : ''].filter(Boolean);
      if (missing.length > 0) {
        out.error(wordApplyError(`error validating data: [${missing.join(', ')}]`, file.name, 'creating'));
        continue;
      }
      const meta = (obj.metadata ?? {}) as K8sObject['metadata'];
      const info = kindForManifest(obj.apiVersion, obj.kind);
      if (!info) {
        out.error(wordApplyError(`resource mapping not found for name: "${meta.name ?? ''}" namespace: "${meta.namespace ?? ''}": no matches for kind "${obj.kind}" in version "${obj.apiVersion}"${mappingErrorHint(obj.apiVersion, obj.kind)}`, file.name, 'creating'));
        continue;
      }
      if (info.namespaced) {
        if (meta.namespace && inv.flags.has('namespace') && meta.namespace !== inv.namespace) {
          out.error(`error: the namespace from the provided object "${meta.namespace}" does not match the namespace "${inv.namespace}". You must pass '--namespace=${meta.namespace}' to perform this operation.`);
          continue;
        }
        obj.metadata = { ...meta, namespace: meta.namespace || inv.namespace };
      }
      // kubectl create sends fieldValidation=Strict: unknown fields are refused as well as wrong types.
      const created = undecodableStrict(obj) ?? ctx.api.create(obj);
      if (created.ok) out.line(`${info.singularQualified}/${created.object.metadata.name} created`);
      else if (created.error.reason === 'Invalid') out.error(created.error.message);
      else out.error(`Error from server (${created.error.reason}): error when creating "${file.name}": ${created.error.message}`);
    }
  }
  ctx.engine.runQueues();
  return out.result();
};

function parseCascade(value: string | undefined): { cascade?: 'background' | 'foreground' | 'orphan'; warning?: string; error?: string } {
  if (value === undefined) return {};
  switch (value) {
    case 'background':
    case 'foreground':
    case 'orphan':
      return { cascade: value };
    case 'true':
      return { cascade: 'background', warning: 'warning: --cascade=true is deprecated (boolean value) and can be replaced with --cascade=background.' };
    case 'false':
      return { cascade: 'orphan', warning: 'warning: --cascade=false is deprecated (boolean value) and can be replaced with --cascade=orphan.' };
    default:
      return { error: `error: invalid cascade value (${value}). Must be "background", "foreground", or "orphan".` };
  }
}

const del: CommandHandler = (ctx, inv) => {
  const out = new Output();
  const cascade = parseCascade(inv.flags.get('cascade'));
  if (cascade.error) return fail(cascade.error);
  const force = inv.flags.has('force') && inv.flags.get('force') !== 'false';
  let grace: number | undefined;
  const graceText = inv.flags.get('grace-period');
  if (graceText !== undefined) {
    if (!/^-?\d+$/.test(graceText)) return fail(`error: invalid argument "${graceText}" for "--grace-period" flag: strconv.ParseInt: parsing "${graceText}": invalid syntax`);
    grace = Number(graceText);
    if (grace < 0) grace = undefined;
  }
  if (force && grace !== undefined && grace > 0) return fail('error: --force and --grace-period greater than 0 cannot be specified together');
  const selector = inv.flags.get('selector');
  const all = inv.flags.has('all') && inv.flags.get('all') !== 'false';
  const hasFiles = inv.flags.all('filename').length > 0;

  let targets: Target[] = [];
  let listed = false;
  if (hasFiles) {
    if (inv.args.length > 0) return fail("error: unable to specify both file and resource arguments; use one or the other\nSee 'kubectl delete -h' for help and examples");
    const files = readFiles(ctx, inv);
    if (typeof files === 'string') return fail(files);
    for (const file of files) {
      const found = manifestTargets(file.text, inv.namespace);
      for (const e of found.errors) out.error(wordApplyError(e, file.name, 'deleting'));
      targets.push(...found.targets.map(({ info, name, namespace }) => ({ info, name, namespace })));
    }
  } else {
    if (inv.args.length === 0) {
      return fail(
        "error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'"
      );
    }
    const parsed = parseResourceArgs(inv.args, inv.namespace);
    if (parsed.error) return fail(parsed.error);
    if (selector !== undefined || all) {
      if (parsed.targets.length > 0 && inv.args.some((w) => w.includes('/'))) return fail('error: name cannot be provided when a selector is specified');
      if (inv.args.length > 1) return fail(selector !== undefined ? 'error: name cannot be provided when a selector is specified' : 'error: name cannot be provided when --all is specified');
      const found = listMatching(ctx, parsed.types, inv, selector);
      if (typeof found === 'string') return fail(found);
      targets = found;
      listed = true;
    } else {
      if (parsed.targets.length === 0) return fail("error: resource(s) were provided, but no name was specified");
      targets = parsed.targets;
    }
  }
  if (cascade.warning) out.error(cascade.warning, 0);
  if (force && (grace === undefined || grace === 0)) {
    out.error('Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.', 0);
  }
  if (listed && targets.length === 0) {
    out.line('No resources found');
    return out.result();
  }
  const deleted: WaitTarget[] = [];
  for (const t of targets) {
    const opts: Parameters<typeof ctx.cluster.delete>[2] = {};
    if (t.namespace !== undefined) opts.namespace = t.namespace;
    if (grace !== undefined) opts.gracePeriodSeconds = grace;
    if (force) opts.force = true;
    if (cascade.cascade) opts.cascade = cascade.cascade;
    const before = targetOf(ctx, t.info, t.namespace ?? inv.namespace, t.name);
    const result = ctx.cluster.delete(t.info.kind, t.name, opts);
    if (result.ok) out.line(result.message);
    else out.error(result.message);
    if (result.ok) deleted.push(before);
  }
  // --wait (default true): in a terminal, kubectl then waits until every deleted object is gone.
  return waitAfterDelete(ctx, inv, out.result(), deleted);
};

/** `TYPE NAME` or `TYPE/NAME` naming exactly one object (scale, patch, edit). */
function singleTarget(inv: Invocation, words: string[], command: string): Target | string {
  if (words.length === 0) return `error: you must specify the type of resource to ${command}. Use "kubectl api-resources" for a complete list of supported resources.`;
  const parsed = parseResourceArgs(words, inv.namespace);
  if (parsed.error) return parsed.error;
  if (parsed.targets.length === 0) return `error: resource(s) were provided, but no name was specified`;
  const [first] = parsed.targets;
  return first as Target;
}

const scale: CommandHandler = (ctx, inv) => {
  const replicasText = inv.flags.get('replicas');
  if (replicasText === undefined) return fail('error: required flag(s) "replicas" not set');
  if (!/^-?\d+$/.test(replicasText)) return fail(`error: invalid argument "${replicasText}" for "--replicas" flag: strconv.ParseInt: parsing "${replicasText}": invalid syntax`);
  const replicas = Number(replicasText);
  const parsed = parseResourceArgs(inv.args, inv.namespace);
  if (parsed.error) return fail(parsed.error);
  let targets = parsed.targets;
  if (inv.args.length === 0) return fail('error: resource(s) were provided, but no name was specified');
  const selector = inv.flags.get('selector');
  if (targets.length === 0) {
    if (selector === undefined && !inv.flags.has('all')) return fail('error: resource(s) were provided, but no name was specified');
    const found = listMatching(ctx, parsed.types, inv, selector);
    if (typeof found === 'string') return fail(found);
    targets = found;
  }
  const out = new Output();
  for (const t of targets) {
    const current = inv.flags.get('current-replicas');
    if (current !== undefined && current !== '-1') {
      const obj = ctx.api.get(t.info.kind, t.namespace, t.name);
      const have = (obj?.['spec'] as { replicas?: number } | undefined)?.replicas;
      if (obj && have !== Number(current)) {
        out.error(`error: Expected replicas to be ${current}, was ${have ?? 0}`);
        continue;
      }
    }
    const result = ctx.cluster.scale(t.info.kind, t.name, replicas, t.namespace !== undefined ? { namespace: t.namespace } : {});
    if (result.ok) out.line(result.message);
    else out.error(result.message);
  }
  return out.result();
};

const patch: CommandHandler = (ctx, inv) => {
  const type = inv.flags.get('type') ?? 'strategic';
  if (type !== 'json' && type !== 'merge' && type !== 'strategic') return fail(`error: --type must be one of [json merge strategic], not "${type}"`);
  const body = inv.flags.get('patch');
  if (body === undefined || body.trim() === '') return fail('error: must specify --patch or --patch-file containing the contents of the patch');
  const target = singleTarget(inv, inv.args, 'patch');
  if (typeof target === 'string') return fail(target);
  const result = ctx.cluster.patch(target.info.kind, target.name, body, {
    ...(target.namespace !== undefined ? { namespace: target.namespace } : {}),
    type: type as PatchType,
  });
  return result.ok ? ok(result.message) : fail(result.message);
};

const setImage: CommandHandler = (ctx, inv) => {
  const resources = inv.args.filter((w) => !w.includes('='));
  const updates = inv.args.filter((w) => w.includes('='));
  if (resources.length === 0) return fail("error: one or more resources must be specified as <resource> <name> or <resource>/<name>");
  if (updates.length === 0) return fail('error: at least one image update is required');
  const parsed = parseResourceArgs(resources, inv.namespace);
  if (parsed.error) return fail(parsed.error);
  let targets = parsed.targets;
  if (targets.length === 0) {
    const selector = inv.flags.get('selector');
    if (selector === undefined && !inv.flags.has('all')) return fail('error: resource(s) were provided, but no name was specified');
    const found = listMatching(ctx, parsed.types, inv, selector);
    if (typeof found === 'string') return fail(found);
    targets = found;
  }
  const images = updates.map((u) => {
    const eq = u.indexOf('=');
    return { container: u.slice(0, eq), image: u.slice(eq + 1) };
  });
  const out = new Output();
  for (const t of targets) {
    const obj = ctx.api.get(t.info.kind, t.namespace, t.name);
    if (!obj) {
      out.error(notFound(t.info, t.name));
      continue;
    }
    const podSpec = t.info.kind === 'Pod' ? (obj as Pod).spec : ((obj['spec'] as { template?: { spec?: Pod['spec'] } } | undefined)?.template?.spec);
    if (!podSpec) {
      out.error(`error: ${t.info.singularQualified}/${t.name} does not have a pod template`);
      continue;
    }
    const patchList: { containers: Container[]; initContainers: Container[] } = { containers: [], initContainers: [] };
    let missing: string | undefined;
    for (const { container, image } of images) {
      let matched = false;
      for (const field of ['initContainers', 'containers'] as const) {
        for (const c of podSpec[field] ?? []) {
          if (container === '*' || c.name === container) {
            patchList[field].push({ name: c.name, image });
            matched = true;
          }
        }
      }
      if (!matched) missing = container;
    }
    if (missing !== undefined) {
      out.error(`error: unable to find container named "${missing}"`);
      continue;
    }
    const spec: Record<string, unknown> = {};
    if (patchList.containers.length > 0) spec['containers'] = patchList.containers;
    if (patchList.initContainers.length > 0) spec['initContainers'] = patchList.initContainers;
    const body = t.info.kind === 'Pod' ? { spec } : { spec: { template: { spec } } };
    const result = ctx.cluster.patch(t.info.kind, t.name, body, t.namespace !== undefined ? { namespace: t.namespace } : {});
    if (result.ok) out.line(`${t.info.singularQualified}/${t.name} image updated`);
    else out.error(result.message);
  }
  return out.result();
};

const edit: CommandHandler = (ctx, inv) => {
  const target = singleTarget(inv, inv.args, 'edit');
  if (typeof target === 'string') return fail(target);
  if (!ctx.api.get(target.info.kind, target.namespace, target.name)) return fail(notFound(target.info, target.name));
  return fail(
    `error: kubectl edit opens ${target.info.singularQualified}/${target.name} in an interactive editor, which only the playground console provides; ` +
      'here, change the YAML and run kubectl apply -f FILE, or use kubectl patch'
  );
};

/** label and annotate share their grammar: `TYPE NAME k=v k2- ...`, `--overwrite`, `-l`, `--all`. */
function metadataCommand(field: 'labels' | 'annotations'): CommandHandler {
  const noun = field === 'labels' ? 'label' : 'annotation';
  return (ctx, inv) => {
    const changes = inv.args.filter((w) => w.includes('=') || (w.endsWith('-') && w.length > 1));
    const resources = inv.args.filter((w) => !changes.includes(w));
    if (resources.length === 0) return fail('error: one or more resources must be specified as <resource> <name> or <resource>/<name>');
    if (changes.length === 0) return fail(`error: at least one ${noun} update is required`);
    const set: Record<string, string> = {};
    const remove: string[] = [];
    for (const change of changes) {
      const eq = change.indexOf('=');
      if (eq >= 0) {
        const key = change.slice(0, eq);
        if (!key) return fail(`error: invalid ${noun} spec: ${change}`);
        set[key] = change.slice(eq + 1);
      } else remove.push(change.slice(0, -1));
    }
    const dup = remove.find((k) => k in set);
    if (dup !== undefined) return fail(`error: can not both modify and remove ${noun === 'label' ? 'a label' : 'an annotation'} in the same command`);
    const parsed = parseResourceArgs(resources, inv.namespace);
    if (parsed.error) return fail(parsed.error);
    let targets = parsed.targets;
    if (targets.length === 0) {
      const selector = inv.flags.get('selector');
      if (selector === undefined && !inv.flags.has('all')) return fail('error: resource(s) were provided, but no name was specified');
      const found = listMatching(ctx, parsed.types, inv, selector);
      if (typeof found === 'string') return fail(found);
      targets = found;
    }
    const overwrite = inv.flags.has('overwrite') && inv.flags.get('overwrite') !== 'false';
    const out = new Output();
    for (const t of targets) {
      const obj = ctx.api.get(t.info.kind, t.namespace, t.name);
      if (!obj) {
        out.error(notFound(t.info, t.name));
        continue;
      }
      const current = obj.metadata[field] ?? {};
      if (!overwrite) {
        const clash = Object.entries(set).filter(([k, v]) => k in current && current[k] !== v);
        if (clash.length > 0) {
          const [k = '', v] = clash[0] ?? [];
          if (field === 'labels') out.error(`error: '${k}' already has a value (${current[k] ?? ''}), and --overwrite is false`);
          else out.error(`error: --overwrite is false but found the following declared annotation(s): '${k}' already has a value (${current[k] ?? v ?? ''})`);
          continue;
        }
      }
      for (const k of remove) if (!(k in current)) out.error(`${noun} "${k}" not found.`, out.code);
      const body: Record<string, string | null> = { ...set };
      for (const k of remove) if (k in current) body[k] = null;
      const result = ctx.cluster.patch(t.info.kind, t.name, { metadata: { [field]: body } }, {
        ...(t.namespace !== undefined ? { namespace: t.namespace } : {}),
        type: 'merge',
      });
      if (!result.ok) {
        out.error(result.message);
        continue;
      }
      const changed = !result.message.endsWith('(no change)');
      const verb = field === 'labels' ? (changed ? 'labeled' : 'not labeled') : 'annotated';
      out.line(`${t.info.singularQualified}/${t.name} ${verb}`);
    }
    return out.result();
  };
}

function setUnschedulable(ctx: KubectlContext, node: string, value: boolean, out: Output): boolean {
  const obj = ctx.api.get('Node', undefined, node);
  if (!obj) {
    out.error(`Error from server (NotFound): nodes "${node}" not found`);
    return false;
  }
  const current = (obj['spec'] as { unschedulable?: boolean } | undefined)?.unschedulable === true;
  if (current === value) {
    out.line(`node/${node} already ${value ? 'cordoned' : 'uncordoned'}`);
    return true;
  }
  const result = ctx.cluster.patch('Node', node, { spec: { unschedulable: value ? true : null } }, { type: 'merge' });
  if (!result.ok) {
    out.error(result.message);
    return false;
  }
  out.line(`node/${node} ${value ? 'cordoned' : 'uncordoned'}`);
  return true;
}

function cordonCommand(value: boolean): CommandHandler {
  return (ctx, inv) => {
    const words = inv.args.map((w) => (w.startsWith('node/') || w.startsWith('nodes/') ? w.slice(w.indexOf('/') + 1) : w));
    if (words.length === 0) return fail(`error: USAGE: ${value ? 'cordon' : 'uncordon'} NODE [flags]\nSee 'kubectl ${value ? 'cordon' : 'uncordon'} -h' for help and examples`);
    const out = new Output();
    for (const node of words) setUnschedulable(ctx, node, value, out);
    return out.result();
  };
}

const drain: CommandHandler = (ctx, inv) => {
  const node = (inv.args[0] ?? '').replace(/^nodes?\//, '');
  if (!node) return fail("error: USAGE: drain NODE [flags]\nSee 'kubectl drain -h' for help and examples");
  const dryRun = dryRunOf(inv);
  if (typeof dryRun !== 'string') return fail(dryRun.error);
  if (dryRun !== 'none') return runDrain(ctx, inv, node, dryRunCordon(ctx, node, dryRun));
  const out = new Output();
  const cordoned = setUnschedulable(ctx, node, true, out);
  return runDrain(ctx, inv, node, { ok: cordoned, stdout: out.out, stderr: out.err });
};

export const MUTATE_COMMANDS: Record<string, CommandHandler> = {
  apply,
  create,
  delete: del,
  scale,
  patch,
  'set image': setImage,
  edit,
  label: metadataCommand('labels'),
  annotate: metadataCommand('annotations'),
  cordon: cordonCommand(true),
  uncordon: cordonCommand(false),
  drain,
};
