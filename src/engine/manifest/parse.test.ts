import { describe, expect, it } from 'vitest';
import { formatPath, parseManifests } from './parse.ts';
import type { ParsedDocument } from './parse.ts';

const lines = (...rows: string[]): string => `${rows.join('\n')}\n`;

/** Narrows `documents[i]` for noUncheckedIndexedAccess and fails loudly when it is missing. */
function doc(result: { documents: ParsedDocument[] }, i: number): ParsedDocument {
  const found = result.documents[i];
  if (!found) throw new Error(`no document at ${i}; got ${result.documents.length}`);
  return found;
}

const STATEFULSET = lines(
  '# web tier', //                              1
  'apiVersion: v1', //                          2
  'kind: Service', //                           3
  'metadata:', //                               4
  '  name: web', //                             5
  '---', //                                     6
  'apiVersion: apps/v1', //                     7
  'kind: StatefulSet', //                       8
  'metadata:', //                               9
  '  name: web', //                             10
  '  labels:', //                               11
  '    app.kubernetes.io/name: web', //         12
  'spec:', //                                   13
  '  replicas: 3', //                           14
  '  template:', //                             15
  '    spec:', //                               16
  '      containers:', //                       17
  '        - name: nginx', //                   18
  '          image: nginx:1.25', //             19
  '          ports: [{containerPort: 80}]' //   20
);

describe('parseManifests: documents and positions', () => {
  const result = parseManifests(STATEFULSET);

  it('reads every document with its 1-based index and first line', () => {
    expect(result.errors).toEqual([]);
    expect(result.documents.map((d) => [d.index, d.line])).toEqual([
      [1, 2],
      [2, 7],
    ]);
    expect(doc(result, 0).object).toEqual({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' } });
    expect(doc(result, 1).object).toEqual({
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'web', labels: { 'app.kubernetes.io/name': 'web' } },
      spec: {
        replicas: 3,
        template: { spec: { containers: [{ name: 'nginx', image: 'nginx:1.25', ports: [{ containerPort: 80 }] }] } },
      },
    });
  });

  it.each<[string, string | (string | number)[], number, number]>([
    ['scalar value (points at the value)', ['spec', 'replicas'], 14, 13],
    ['dotted path with index', 'spec.template.spec.containers[0].image', 19, 18],
    ['array path with index', ['spec', 'template', 'spec', 'containers', 0, 'name'], 18, 17],
    ['dotted numeric segment as index', 'spec.template.spec.containers.0.name', 18, 17],
    ['sequence item', ['spec', 'template', 'spec', 'containers', 0], 18, 11],
    ['block mapping value (points at the key)', ['spec', 'template'], 15, 3],
    ['flow sequence value', 'spec.template.spec.containers[0].ports', 20, 18],
    ['inside a flow mapping', 'spec.template.spec.containers[0].ports[0].containerPort', 20, 35],
    ['bracket-quoted key with dots', 'metadata.labels["app.kubernetes.io/name"]', 12, 29],
    ['single-quoted bracket key', "metadata.labels['app.kubernetes.io/name']", 12, 29],
    ['root', [], 7, 1],
    ['missing leaf falls back to its parent', 'spec.template.spec.containers[0].resources.limits', 18, 11],
    ['missing index falls back to the sequence', ['spec', 'template', 'spec', 'containers', 5], 17, 7],
    ['missing top-level key falls back to the root', ['status', 'replicas'], 7, 1],
  ])('positionOf: %s', (_name, path, line, column) => {
    expect(doc(result, 1).positionOf(path)).toEqual({ line, column });
  });

  it('counts empty documents, comment-only documents and a trailing --- as null objects', () => {
    const stream = lines('a: 1', '---', '---', '# only a comment', '---', 'b: 2', '---');
    const parsed = parseManifests(stream);
    expect(parsed.errors).toEqual([]);
    expect(parsed.documents.map((d) => [d.index, d.object, d.line])).toEqual([
      [1, { a: 1 }, 1],
      [2, null, 2],
      [3, null, 3],
      [4, { b: 2 }, 6],
      [5, null, 7],
    ]);
  });

  it.each<[string, string, (number | null)[]]>([
    ['empty text', '', []],
    ['blank lines', '\n  \n', []],
    ['only comments', '# nothing to apply\n# really\n', [null]],
  ])('%s', (_name, text, objects) => {
    const parsed = parseManifests(text);
    expect(parsed.errors).toEqual([]);
    expect(parsed.documents.map((d) => d.object)).toEqual(objects);
  });

  it('formats paths the way positionOf reads them', () => {
    const path = ['metadata', 'labels', 'app.kubernetes.io/name'];
    expect(formatPath(path)).toBe('metadata.labels["app.kubernetes.io/name"]');
    expect(formatPath(['spec', 'containers', 0, 'image'])).toBe('spec.containers[0].image');
    expect(doc(result, 1).positionOf(formatPath(path))).toEqual({ line: 12, column: 29 });
  });
});

describe('parseManifests: YAML syntax errors', () => {
  it.each<[string, string, number, number, string]>([
    [
      'tab used for indentation',
      lines('apiVersion: v1', 'kind: Pod', 'metadata:', '\tname: x'),
      4,
      1,
      'error converting YAML to JSON: yaml: line 4: found character that cannot start any token',
    ],
    [
      'unclosed double quote (reported where it opens)',
      lines('apiVersion: v1', 'kind: Pod', 'metadata:', '  name: "web', '  labels: {}'),
      4,
      9,
      'error converting YAML to JSON: yaml: line 4: found unexpected end of stream',
    ],
    [
      'over-indented key (reported at its colon, like go-yaml)',
      lines('apiVersion: v1', 'kind: Pod', 'metadata:', '  name: x', '    labels: y'),
      5,
      11,
      'error converting YAML to JSON: yaml: line 5: mapping values are not allowed in this context',
    ],
    [
      'compact nested mapping',
      lines('apiVersion: v1', 'kind: Pod: x'),
      2,
      7,
      'error converting YAML to JSON: yaml: line 2: mapping values are not allowed in this context',
    ],
    [
      'sequence entry after a mapping',
      lines('apiVersion: v1', 'kind: Pod', '- name: x'),
      3,
      1,
      'error converting YAML to JSON: yaml: line 3: did not find expected key',
    ],
    [
      'unterminated flow sequence',
      lines('apiVersion: v1', 'args: [a, b', 'kind: Pod'),
      3,
      1,
      "error converting YAML to JSON: yaml: line 3: did not find expected ',' or ']'",
    ],
  ])('%s', (_name, text, line, column, message) => {
    const parsed = parseManifests(text);
    expect(parsed.errors).toHaveLength(1);
    expect(parsed.errors[0]).toMatchObject({ document: 1, line, column });
    expect(parsed.errors[0]?.message.startsWith(message)).toBe(true);
    expect(parsed.documents).toEqual([]);
  });

  it('names the broken document and keeps stream-wide line numbers', () => {
    const parsed = parseManifests(lines('apiVersion: v1', 'kind: A', '---', 'apiVersion: v1', 'kind: B', 'x:', '\ty: 1'));
    expect(parsed.errors).toEqual([
      expect.objectContaining({ document: 2, line: 7, column: 1 }) as unknown,
    ]);
    expect(parsed.errors[0]?.message).toContain('yaml: line 7: ');
    expect(parsed.documents.map((d) => d.object?.['kind'])).toEqual(['A']);
  });
});

describe('parseManifests: hostile input', () => {
  it('rejects a billion-laughs alias bomb at the alias limit', () => {
    const names = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'];
    const rows = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < names.length; i += 1) {
      const prev = `*${names[i - 1] ?? ''}`;
      rows.push(`${names[i] ?? ''}: &${names[i] ?? ''} [${Array.from({ length: 9 }, () => prev).join(',')}]`);
    }
    // Bounded by the alias limit, not by time: the test's own timeout is the hang guard.
    const parsed = parseManifests(lines(...rows));
    expect(parsed.documents).toEqual([]);
    expect(parsed.errors).toHaveLength(1);
    expect(parsed.errors[0]?.message).toContain('document contains excessive aliasing (more than 100 alias expansions)');
    expect(parsed.errors[0]?.document).toBe(1);
  });

  it('caps the total size that aliases expand to', () => {
    const big = 'x'.repeat(1000);
    const text = lines(`a: &a "${big}"`, 'b: [*a, *a, *a]');
    expect(parseManifests(text).errors.map((e) => e.message)).toEqual([]);
    const limited = parseManifests(text, { maxBytes: 2048 });
    expect(limited.errors).toHaveLength(1);
    expect(limited.errors[0]?.message).toContain('aliases expand to more than 2 KiB (2048 bytes)');
  });

  it.each<[string, string, string, number]>([
    ['an alias inside its own anchor', 'a: &a [1, *a]', "anchor 'a' value contains itself", 1],
    ['an unknown anchor', 'a: 1\nb: *nope', "unknown anchor 'nope' referenced", 2],
  ])('rejects %s', (_name, text, what, line) => {
    const parsed = parseManifests(text);
    expect(parsed.errors).toHaveLength(1);
    expect(parsed.errors[0]?.message).toBe(`error converting YAML to JSON: yaml: line ${line}: ${what}`);
  });

  it('expands ordinary aliases into independent copies', () => {
    const parsed = parseManifests(lines('labels: &l {app: web}', 'selector: *l'));
    const object = doc(parsed, 0).object ?? {};
    expect(object).toEqual({ labels: { app: 'web' }, selector: { app: 'web' } });
    expect(object['selector']).not.toBe(object['labels']);
  });

  it.each<[string, string]>([
    ['block mapping', lines('kind: ConfigMap', '__proto__:', '  polluted: 1')],
    ['flow mapping', '{kind: ConfigMap, __proto__: {polluted: 1}}'],
    ['nested under data', lines('kind: ConfigMap', 'data:', '  __proto__: {polluted: 1}')],
    ['through an alias', lines('p: &p {polluted: 1}', '__proto__: *p', 'kind: ConfigMap')],
    ['through a merge key', lines('kind: ConfigMap', '<<: {__proto__: {polluted: 1}}')],
    ['quoted key', lines('kind: ConfigMap', '"__proto__": {polluted: 1}')],
  ])('keeps __proto__ an ordinary own property (%s)', (_name, text) => {
    const parsed = parseManifests(text);
    expect(parsed.errors).toEqual([]);
    const object = doc(parsed, 0).object ?? {};
    const holder = (Object.hasOwn(object, 'data') ? object['data'] : object) as Record<string, unknown>;
    expect(Object.hasOwn(holder, '__proto__')).toBe(true);
    expect(Object.getOwnPropertyDescriptor(holder, '__proto__')?.value).toEqual({ polluted: 1 });
    expect(Object.getPrototypeOf(holder)).toBe(Object.prototype);
    expect((holder as { polluted?: unknown }).polluted).toBeUndefined();
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
  });

  it('keeps constructor and prototype keys as plain data', () => {
    const parsed = parseManifests(lines('constructor:', '  prototype:', '    polluted: 1', 'prototype: {polluted: 1}'));
    expect(parsed.errors).toEqual([]);
    expect(doc(parsed, 0).object).toEqual({ constructor: { prototype: { polluted: 1 } }, prototype: { polluted: 1 } });
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
    expect(Object.prototype.constructor).toBe(Object);
  });

  it.each<[string, number | undefined, string, string]>([
    ['ASCII over a custom limit', 100, 'a'.repeat(101), 'over the limit of 100 bytes'],
    ['multi-byte text counted in UTF-8 bytes', 100, 'é'.repeat(51), 'over the limit of 100 bytes'],
    ['the default 1 MiB limit', undefined, `a: "${'x'.repeat(1024 * 1024)}"`, 'over the limit of 1 MiB (1048576 bytes)'],
  ])('refuses input larger than maxBytes: %s', (_name, maxBytes, text, what) => {
    const parsed = parseManifests(text, maxBytes === undefined ? {} : { maxBytes });
    expect(parsed.documents).toEqual([]);
    expect(parsed.errors).toHaveLength(1);
    expect(parsed.errors[0]?.message).toContain(`manifest is too large: it is ${what}`);
  });

  it('accepts input exactly at the limit', () => {
    const parsed = parseManifests(`a: ${'é'.repeat(48)}`, { maxBytes: 99 });
    expect(parsed.errors).toEqual([]);
    expect(doc(parsed, 0).object).toEqual({ a: 'é'.repeat(48) });
  });

  it.each<[string, string]>([
    ['flow sequences', `a: ${'['.repeat(250)}${']'.repeat(250)}`],
    ['block sequences', `a:\n  ${'- '.repeat(250)}x`],
    ['flow sequences past the parser stack', `a: ${'['.repeat(20000)}${']'.repeat(20000)}`],
  ])('rejects nesting deeper than 200 levels (%s)', (_name, text) => {
    const parsed = parseManifests(text);
    expect(parsed.documents).toEqual([]);
    expect(parsed.errors).toHaveLength(1);
    expect(parsed.errors[0]?.message).toContain('document is nested too deeply (more than 200 levels)');
  });

  it('accepts nesting up to the limit', () => {
    const parsed = parseManifests(`a: ${'['.repeat(199)}${']'.repeat(199)}`);
    expect(parsed.errors).toEqual([]);
  });
});

describe('parseManifests: numbers', () => {
  it.each<[string, string]>([
    ['.inf', '.inf'],
    ['-.inf', '-.inf'],
    ['+.INF', '+.INF'],
    ['.nan', '.nan'],
    ['.NaN', '.NaN'],
  ])('reports %s as an invalid number with its path and line', (_name, literal) => {
    const parsed = parseManifests(lines('apiVersion: apps/v1', 'kind: StatefulSet', 'spec:', `  replicas: ${literal}`));
    expect(parsed.documents).toEqual([]);
    expect(parsed.errors).toEqual([
      {
        message: `error converting YAML to JSON: yaml: line 4: invalid number "${literal}" at spec.replicas: JSON has no infinity or NaN`,
        document: 1,
        line: 4,
        column: 13,
        path: 'spec.replicas',
      },
    ]);
  });

  it('keeps huge numbers for later validation instead of failing', () => {
    const parsed = parseManifests(lines('a: 99999999999999999999999', 'b: 1e400', 'c: -1e400', 'd: .', 'e: 1e3'));
    expect(parsed.errors).toEqual([]);
    expect(doc(parsed, 0).object).toEqual({ a: 1e23, b: '1e400', c: '-1e400', d: '.', e: 1000 });
  });
});

describe('parseManifests: go-yaml (YAML 1.1) semantics', () => {
  it('resolves scalars like kubectl does', () => {
    const parsed = parseManifests(
      lines(
        'a: yes',
        'b: No',
        'c: on',
        'd: OFF',
        'e: y',
        'f: "yes"',
        'g: 0755',
        'h: 0x1F',
        'i: 2001-12-14',
        'j: 1:20',
        'k: ~',
        'l: 1_000',
        'm: !!binary aGk='
      )
    );
    expect(parsed.errors).toEqual([]);
    expect(doc(parsed, 0).object).toEqual({
      a: true,
      b: false,
      c: true,
      d: false,
      e: true,
      f: 'yes',
      g: 493,
      h: 31,
      i: '2001-12-14',
      j: '1:20',
      k: null,
      l: 1000,
      m: 'aGk=',
    });
  });

  it('turns number and boolean keys into strings like sigs.k8s.io/yaml', () => {
    const parsed = parseManifests(lines('8080: http', 'yes: 1', '1.5: x'));
    expect(parsed.errors).toEqual([]);
    expect(doc(parsed, 0).object).toEqual({ '8080': 'http', true: 1, '1.5': 'x' });
  });

  it.each<[string, string, string, number]>([
    ['a sequence key', lines('apiVersion: v1', '? [a]', ': 1'), 'invalid map key: a sequence', 2],
    ['a mapping key', lines('apiVersion: v1', '? {a: 1}', ': 1'), 'invalid map key: a mapping', 2],
    ['a null key', lines('apiVersion: v1', '~: 1'), 'invalid map key: null', 2],
  ])('rejects %s', (_name, text, what, line) => {
    const parsed = parseManifests(text);
    expect(parsed.documents).toEqual([]);
    expect(parsed.errors).toHaveLength(1);
    expect(parsed.errors[0]?.message).toBe(
      `error converting YAML to JSON: yaml: line ${line}: ${what} (Kubernetes object keys must be strings)`
    );
    expect(parsed.errors[0]?.line).toBe(line);
  });

  it('reports duplicate keys with go-yaml wording and both lines', () => {
    const parsed = parseManifests(lines('apiVersion: v1', 'kind: Pod', 'metadata:', '  name: a', '  name: b'));
    expect(parsed.documents).toEqual([]);
    expect(parsed.errors).toEqual([
      {
        message:
          'error converting YAML to JSON: yaml: unmarshal errors: line 5: mapping key "name" already defined at line 4',
        document: 1,
        line: 5,
        column: 3,
        path: 'metadata.name',
      },
    ]);
  });

  it('applies merge keys with explicit keys winning and positions inside the merged anchor', () => {
    const parsed = parseManifests(
      lines(
        'base: &b {app: web, tier: db}', //  1
        'extra: &e {zone: a, tier: x}', //   2
        'labels:', //                        3
        '  <<: [*b, *e]', //                 4
        '  app: api' //                      5
      )
    );
    expect(parsed.errors).toEqual([]);
    const first = doc(parsed, 0);
    expect(first.object?.['labels']).toEqual({ app: 'api', tier: 'db', zone: 'a' });
    expect(first.positionOf('labels.app')).toEqual({ line: 5, column: 8 });
    expect(first.positionOf('labels.tier')).toEqual({ line: 1, column: 27 });
    expect(first.positionOf('labels.zone')).toEqual({ line: 2, column: 18 });
  });

  it('rejects a merge of something that is not a mapping', () => {
    const parsed = parseManifests(lines('a:', '  <<: 5'));
    expect(parsed.errors.map((e) => [e.message, e.line])).toEqual([
      ['error converting YAML to JSON: yaml: line 2: map merge requires map or sequence of maps as the value', 2],
    ]);
  });
});

describe('parseManifests: document shapes', () => {
  it.each<[string, string, string]>([
    ['a sequence', lines('- a', '- b'), 'a sequence'],
    ['a string', 'hello', 'a string'],
    ['a number', '42', 'a number'],
  ])('reports a top-level %s for its document without crashing', (_name, body, got) => {
    const parsed = parseManifests(`apiVersion: v1\nkind: A\n---\n${body}`);
    expect(parsed.documents.map((d) => d.object?.['kind'])).toEqual(['A']);
    expect(parsed.errors).toEqual([
      {
        message: `document 2: expected a Kubernetes object (a mapping with apiVersion and kind), got ${got}`,
        document: 2,
        line: 4,
        column: 1,
      },
    ]);
  });

  it('exposes objects without apiVersion or kind for the caller to judge', () => {
    const parsed = parseManifests('metadata: {name: x}');
    expect(parsed.errors).toEqual([]);
    expect(doc(parsed, 0).object).toEqual({ metadata: { name: 'x' } });
  });

  const LIST = lines(
    'apiVersion: v1', //         1
    'kind: List', //             2
    'items:', //                 3
    '  - apiVersion: v1', //     4
    '    kind: ConfigMap', //    5
    '    metadata:', //          6
    '      name: one', //        7
    '  - apiVersion: v1', //     8
    '    kind: Service', //      9
    '    metadata:', //          10
    '      name: two', //        11
    '    spec:', //              12
    '      ports:', //           13
    '        - port: 80' //      14
  );

  it('expands a kind: List into its items with item-relative positions', () => {
    const parsed = parseManifests(`apiVersion: v1\nkind: Namespace\n---\n${LIST}`);
    expect(parsed.errors).toEqual([]);
    expect(parsed.documents.map((d) => [d.index, d.line, d.object?.['kind']])).toEqual([
      [1, 1, 'Namespace'],
      [2, 7, 'ConfigMap'],
      [2, 11, 'Service'],
    ]);
    expect(doc(parsed, 1).positionOf('metadata.name')).toEqual({ line: 10, column: 13 });
    expect(doc(parsed, 2).positionOf(['spec', 'ports', 0, 'port'])).toEqual({ line: 17, column: 17 });
    expect(doc(parsed, 2).positionOf([])).toEqual({ line: 11, column: 5 });
    expect(doc(parsed, 2).positionOf('status.podIP')).toEqual({ line: 11, column: 5 });
  });

  it('gives items of a typed list their kind, as apimachinery does', () => {
    const parsed = parseManifests(lines('apiVersion: v1', 'kind: PodList', 'items:', '  - metadata: {name: p}'));
    expect(parsed.errors).toEqual([]);
    expect(doc(parsed, 0).object).toEqual({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' } });
  });

  it('reports List items that are not objects', () => {
    const parsed = parseManifests(lines('apiVersion: v1', 'kind: List', 'items:', '  - {kind: A}', '  - just text'));
    expect(parsed.documents.map((d) => d.object)).toEqual([{ kind: 'A' }]);
    expect(parsed.errors).toEqual([
      {
        message:
          'document 1: item 1 of the List: expected a Kubernetes object (a mapping with apiVersion and kind), got a string',
        document: 1,
        line: 5,
        column: 5,
        path: 'items[1]',
      },
    ]);
  });
});

describe('parseManifests: performance', () => {
  it('parses a 3,000-line manifest and answers positionOf for its last line', () => {
    const rows: string[] = [];
    for (let i = 0; rows.length < 3000; i += 1) {
      rows.push('---', 'apiVersion: apps/v1', 'kind: StatefulSet', 'metadata:', `  name: web-${i}`, 'spec:');
      rows.push('  replicas: 3', '  template:', '    spec:', '      containers:');
      for (let c = 0; c < 5; c += 1) rows.push(`        - name: c${c}`, `          image: nginx:1.${c}`);
    }
    const text = lines(...rows);
    const parsed = parseManifests(text);
    const last = parsed.documents.at(-1);
    const position = last?.positionOf('spec.template.spec.containers[4].image');
    expect(parsed.errors).toEqual([]);
    expect(parsed.documents.length).toBeGreaterThan(100);
    expect(position?.line).toBe(rows.length);
  });
});
