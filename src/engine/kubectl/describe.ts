/** kubectl command family: describe (see index.ts for dispatch). */
import { notFound } from '../api/server.ts';
import { resolveKind, type KindInfo } from '../model/kinds.ts';
import { parseSelector, selectorMatches } from '../model/labels.ts';
import type { K8sObject } from '../model/types.ts';
import { DESCRIBERS } from './describe-kinds.ts';
import { ENDPOINTS_WARNING } from './get.ts';
import { fail, type CommandHandler, type Invocation, type KubectlContext } from './types.ts';

const KNOWN_FLAGS = ['namespace', 'all-namespaces', 'selector', 'filename', 'context', 'request-timeout', 'help'];

type Target = { info: KindInfo; name: string; namespace: string } | { info: KindInfo; all: true };

interface Resolved {
  targets: Target[];
  error?: string;
}

/** The resource builder's ResourceTypeOrNameArgs: `type name…`, `type1,type2 name`, or `type/name…`. */
export function resolveArgs(args: string[], namespace: string, hasSelector: boolean): Resolved {
  const targets: Target[] = [];
  const first = args[0] ?? '';
  if (args.some((a) => a.includes('/'))) {
    if (!args.every((a) => a.includes('/'))) {
      return {
        targets,
        error:
          "error: there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'",
      };
    }
    for (const arg of args) {
      const slash = arg.indexOf('/');
      const type = arg.slice(0, slash);
      const name = arg.slice(slash + 1);
      const info = resolveKind(type);
      if (!info) return { targets, error: `error: the server doesn't have a resource type "${type}"` };
      if (!name) return { targets, error: `error: arguments in resource/name form must have a single resource and name` };
      targets.push({ info, name, namespace });
    }
    return { targets };
  }
  const infos: KindInfo[] = [];
  for (const type of first.split(',')) {
    if (!type) continue;
    const info = resolveKind(type);
    if (!info) return { targets, error: `error: the server doesn't have a resource type "${type}"` };
    infos.push(info);
  }
  const names = args.slice(1);
  if (names.length > 0 && hasSelector) return { targets, error: 'error: name cannot be provided when a selector is specified' };
  for (const info of infos) {
    if (names.length === 0) targets.push({ info, all: true });
    else for (const name of names) targets.push({ info, name, namespace });
  }
  return { targets };
}

function listOf(ctx: KubectlContext, info: KindInfo, inv: Invocation): K8sObject[] {
  const ns = info.namespaced && !inv.allNamespaces ? inv.namespace : undefined;
  const selectorText = inv.flags.get('selector');
  const selector = selectorText === undefined ? undefined : parseSelector(selectorText);
  return [...ctx.api.list(info.kind, ns)]
    .filter((o) => !selector || selectorMatches(selector, o.metadata.labels))
    .sort((a, b) => {
      const an = a.metadata.namespace ?? '';
      const bn = b.metadata.namespace ?? '';
      if (an !== bn) return an < bn ? -1 : 1;
      return a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0;
    });
}

const describe: CommandHandler = (ctx, inv) => {
  const unknown = inv.flags.unknown(KNOWN_FLAGS);
  if (unknown.length > 0) return fail(`error: unknown flag: ${unknown[0] ?? ''}\nSee 'kubectl describe --help' for usage.`);
  if (inv.flags.has('filename')) return fail('error: "kubectl describe -f" is not available in this playground yet');
  const args = inv.args.filter((a) => a !== '--');
  if (args.length === 0) {
    return fail('error: You must specify the type of resource to describe. Use "kubectl api-resources" for a complete list of supported resources.');
  }
  const selectorText = inv.flags.get('selector');
  if (selectorText !== undefined && parseSelector(selectorText) === undefined) {
    return fail(`error: unable to parse requirement: found '${selectorText}', expected: identifier`);
  }
  const resolved = resolveArgs(args, inv.namespace, selectorText !== undefined);
  if (resolved.error) return fail(resolved.error);

  // The apiserver's deprecation warning for v1 Endpoints, printed once (kubectl deduplicates warnings).
  const warning = resolved.targets.some((t) => t.info.kind === 'Endpoints') ? `${ENDPOINTS_WARNING}\n` : '';
  const errors: string[] = [];
  const found: K8sObject[] = [];
  let notFoundCount = 0;
  for (const target of resolved.targets) {
    if (!DESCRIBERS[target.info.kind]) {
      const message = `error: "kubectl describe ${target.info.resource}" is not available in this playground yet`;
      if (!errors.includes(message)) errors.push(message);
      continue;
    }
    if ('all' in target) {
      found.push(...listOf(ctx, target.info, inv));
      continue;
    }
    const obj = ctx.api.get(target.info.kind, target.info.namespaced ? target.namespace : undefined, target.name);
    if (obj) found.push(obj);
    else {
      notFoundCount++;
      errors.push(`Error from server (NotFound): ${notFound(target.info, target.name).message}`);
    }
  }

  // DescribeMatchingResources: `describe TYPE PREFIX` describes every TYPE whose name starts with PREFIX.
  if (notFoundCount === 1 && errors.length === 1 && args.length === 2 && !(args[0] ?? '').includes('/') && !(args[0] ?? '').includes(',')) {
    const only = resolved.targets[0];
    if (only && DESCRIBERS[only.info.kind]) {
      const prefix = args[1] ?? '';
      const matches = listOf(ctx, only.info, { ...inv, allNamespaces: false }).filter((o) => o.metadata.name.startsWith(prefix));
      if (matches.length > 0) {
        const describer = DESCRIBERS[only.info.kind];
        let out = '';
        for (const obj of matches) out += `${describer ? describer(ctx, obj, { showEvents: false }) : ''}\n`;
        return { code: 0, stdout: out, stderr: warning };
      }
    }
  }

  const showEvents = errors.length === 0 && found.length <= 1;
  let stdout = '';
  found.forEach((obj, i) => {
    const describer = DESCRIBERS[obj.kind];
    if (!describer) return;
    const text = describer(ctx, obj, { showEvents });
    stdout += i === 0 ? text : `\n\n${text}`;
  });
  if (errors.length > 0) return { code: 1, stdout, stderr: `${warning}${errors.join('\n')}\n` };
  if (found.length === 0) {
    const stderr = inv.allNamespaces ? 'No resources found\n' : `No resources found in ${inv.namespace} namespace.\n`;
    return { code: 0, stdout: '', stderr: `${warning}${stderr}` };
  }
  return { code: 0, stdout, stderr: warning };
};

export const DESCRIBE_COMMANDS: Record<string, CommandHandler> = { describe };
