import { describe, it, expect } from 'vitest';
import type { Json, JsonObject } from '../model/types.ts';
import {
  applyPatch,
  createThreeWayMergePatch,
  jsonMergePatch,
  jsonPatch,
  strategicMergePatch,
  type PatchResult,
} from './patch.ts';

// A small StatefulSet in the shape the API returns; each call builds a fresh copy.
function statefulSet(): JsonObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'web', labels: { app: 'web', tier: 'front' }, finalizers: ['a.io/one', 'b.io/two'] },
    spec: {
      replicas: 3,
      serviceName: 'web',
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          containers: [
            {
              name: 'nginx',
              image: 'nginx:1.25',
              env: [
                { name: 'MODE', value: 'prod' },
                { name: 'LEVEL', value: 'info' },
              ],
              ports: [{ containerPort: 80, name: 'http' }],
            },
            { name: 'sidecar', image: 'busybox:1.36' },
          ],
          tolerations: [{ key: 'dedicated', operator: 'Exists' }],
        },
      },
      volumeClaimTemplates: [
        { metadata: { name: 'data' }, spec: { resources: { requests: { storage: '1Gi' } } } },
      ],
    },
  };
}

// Builds a StatefulSet whose parts are overridden field by field, for compact expectations.
function withSpec(
  spec: { replicas?: number; containers?: Json; tolerations?: Json; claims?: Json } = {},
  metadata: JsonObject = {}
): JsonObject {
  const base = statefulSet();
  const baseSpec = base['spec'] as JsonObject;
  const template = baseSpec['template'] as JsonObject;
  const podSpec = template['spec'] as JsonObject;
  if (spec.replicas !== undefined) baseSpec['replicas'] = spec.replicas;
  if (spec.containers !== undefined) podSpec['containers'] = spec.containers;
  if (spec.tolerations !== undefined) podSpec['tolerations'] = spec.tolerations;
  if (spec.claims !== undefined) baseSpec['volumeClaimTemplates'] = spec.claims;
  base['metadata'] = { ...(base['metadata'] as JsonObject), ...metadata };
  return base;
}

const NGINX = {
  name: 'nginx',
  image: 'nginx:1.25',
  env: [
    { name: 'MODE', value: 'prod' },
    { name: 'LEVEL', value: 'info' },
  ],
  ports: [{ containerPort: 80, name: 'http' }],
};
const SIDECAR = { name: 'sidecar', image: 'busybox:1.36' };

function podSpecPatch(podSpec: JsonObject): JsonObject {
  return { spec: { template: { spec: podSpec } } };
}

function ok(value: Json): PatchResult {
  return { ok: true, value };
}

function err(error: string): PatchResult {
  return { ok: false, error };
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

describe('strategicMergePatch', () => {
  const cases: { name: string; kind: string; original: JsonObject; patch: Json; expected: Json }[] = [
    {
      name: 'changes one container image by name and keeps the other containers',
      kind: 'StatefulSet',
      original: statefulSet(),
      patch: podSpecPatch({ containers: [{ name: 'nginx', image: 'nginx:1.26' }] }),
      expected: withSpec({ containers: [{ ...NGINX, image: 'nginx:1.26' }, SIDECAR] }),
    },
    {
      name: 'merges env by name: updates one, adds one, keeps the rest',
      kind: 'StatefulSet',
      original: statefulSet(),
      patch: podSpecPatch({
        containers: [
          {
            name: 'nginx',
            env: [
              { name: 'LEVEL', value: 'debug' },
              { name: 'NEW', value: '1' },
            ],
          },
        ],
      }),
      expected: withSpec({
        containers: [
          {
            ...NGINX,
            env: [
              { name: 'MODE', value: 'prod' },
              { name: 'LEVEL', value: 'debug' },
              { name: 'NEW', value: '1' },
            ],
          },
          SIDECAR,
        ],
      }),
    },
    {
      // Upstream's mergeSortedSlice puts patch items ahead of server-only ones unless both appear in the
      // live list, so a brand-new port lands first.
      name: 'merges ports by containerPort, new items first as upstream orders them',
      kind: 'StatefulSet',
      original: statefulSet(),
      patch: podSpecPatch({
        containers: [{ name: 'nginx', ports: [{ containerPort: 443, name: 'https' }] }],
      }),
      expected: withSpec({
        containers: [
          {
            ...NGINX,
            ports: [
              { containerPort: 443, name: 'https' },
              { containerPort: 80, name: 'http' },
            ],
          },
          SIDECAR,
        ],
      }),
    },
    {
      name: 'unions finalizers as a set',
      kind: 'StatefulSet',
      original: statefulSet(),
      patch: { metadata: { finalizers: ['b.io/two', 'c.io/three'] } },
      expected: withSpec({}, { finalizers: ['a.io/one', 'b.io/two', 'c.io/three'] }),
    },
    {
      name: 'removes finalizers listed in $deleteFromPrimitiveList',
      kind: 'StatefulSet',
      original: statefulSet(),
      patch: { metadata: { '$deleteFromPrimitiveList/finalizers': ['a.io/one', 'z.io/absent'] } },
      expected: withSpec({}, { finalizers: ['b.io/two'] }),
    },
    {
      name: 'deletes a label whose patch value is null and keeps the others',
      kind: 'StatefulSet',
      original: statefulSet(),
      patch: { metadata: { labels: { tier: null, team: 'blue' } } },
      expected: withSpec({}, { labels: { app: 'web', team: 'blue' } }),
    },
    {
      name: 'removes a container marked $patch: delete',
      kind: 'StatefulSet',
      original: statefulSet(),
      patch: podSpecPatch({ containers: [{ name: 'sidecar', $patch: 'delete' }] }),
      expected: withSpec({ containers: [NGINX] }),
    },
    {
      name: 'replaces a merge list marked $patch: replace',
      kind: 'StatefulSet',
      original: statefulSet(),
      patch: podSpecPatch({ containers: [{ name: 'solo', image: 'solo:1' }, { $patch: 'replace' }] }),
      expected: withSpec({ containers: [{ name: 'solo', image: 'solo:1' }] }),
    },
    {
      name: 'reorders containers by $setElementOrder',
      kind: 'StatefulSet',
      original: statefulSet(),
      patch: podSpecPatch({ '$setElementOrder/containers': [{ name: 'sidecar' }, { name: 'nginx' }] }),
      expected: withSpec({ containers: [SIDECAR, NGINX] }),
    },
    {
      name: 'replaces tolerations, which have no merge key upstream',
      kind: 'StatefulSet',
      original: statefulSet(),
      patch: podSpecPatch({ tolerations: [{ key: 'gpu', operator: 'Exists', effect: 'NoSchedule' }] }),
      expected: withSpec({ tolerations: [{ key: 'gpu', operator: 'Exists', effect: 'NoSchedule' }] }),
    },
    {
      name: 'replaces volumeClaimTemplates, which have no merge key upstream',
      kind: 'StatefulSet',
      original: statefulSet(),
      patch: { spec: { volumeClaimTemplates: [{ metadata: { name: 'logs' } }] } },
      expected: withSpec({ claims: [{ metadata: { name: 'logs' } }] }),
    },
    {
      name: 'replaces a whole map marked $patch: replace',
      kind: 'StatefulSet',
      original: statefulSet(),
      patch: { metadata: { labels: { $patch: 'replace', only: 'this' } } },
      expected: withSpec({}, { labels: { only: 'this' } }),
    },
    {
      name: 'changes a scalar and adds a new field',
      kind: 'StatefulSet',
      original: statefulSet(),
      patch: { spec: { replicas: 5, minReadySeconds: 10 } },
      expected: {
        ...withSpec({ replicas: 5 }),
        spec: { ...(withSpec({ replicas: 5 })['spec'] as JsonObject), minReadySeconds: 10 },
      },
    },
    {
      name: 'merges Pod containers under spec',
      kind: 'Pod',
      original: {
        metadata: { name: 'p' },
        spec: {
          containers: [
            { name: 'a', image: 'a:1' },
            { name: 'b', image: 'b:1' },
          ],
        },
      },
      patch: { spec: { containers: [{ name: 'b', image: 'b:2' }] } },
      expected: {
        metadata: { name: 'p' },
        spec: {
          containers: [
            { name: 'a', image: 'a:1' },
            { name: 'b', image: 'b:2' },
          ],
        },
      },
    },
    {
      name: 'merges Pod status conditions by type',
      kind: 'Pod',
      original: {
        metadata: { name: 'p' },
        status: {
          conditions: [
            { type: 'PodScheduled', status: 'True' },
            { type: 'Ready', status: 'False' },
          ],
        },
      },
      patch: { status: { conditions: [{ type: 'Ready', status: 'True' }] } },
      expected: {
        metadata: { name: 'p' },
        status: {
          conditions: [
            { type: 'PodScheduled', status: 'True' },
            { type: 'Ready', status: 'True' },
          ],
        },
      },
    },
    {
      name: 'merges Service ports by port',
      kind: 'Service',
      original: { metadata: { name: 's' }, spec: { ports: [{ port: 80, targetPort: 8080 }] } },
      patch: { spec: { ports: [{ port: 80, targetPort: 9090 }, { port: 443 }] } },
      expected: { metadata: { name: 's' }, spec: { ports: [{ port: 80, targetPort: 9090 }, { port: 443 }] } },
    },
    {
      name: 'replaces Node taints, which have no merge key upstream',
      kind: 'Node',
      original: { metadata: { name: 'n' }, spec: { taints: [{ key: 'a', effect: 'NoSchedule' }] } },
      patch: { spec: { taints: [{ key: 'b', effect: 'NoExecute' }] } },
      expected: { metadata: { name: 'n' }, spec: { taints: [{ key: 'b', effect: 'NoExecute' }] } },
    },
    {
      name: 'merges Node addresses by type',
      kind: 'Node',
      original: {
        metadata: { name: 'n' },
        status: {
          addresses: [
            { type: 'InternalIP', address: '10.0.0.1' },
            { type: 'Hostname', address: 'n' },
          ],
        },
      },
      patch: { status: { addresses: [{ type: 'InternalIP', address: '10.0.0.2' }] } },
      expected: {
        metadata: { name: 'n' },
        status: {
          addresses: [
            { type: 'InternalIP', address: '10.0.0.2' },
            { type: 'Hostname', address: 'n' },
          ],
        },
      },
    },
    {
      name: 'merges ownerReferences by uid',
      kind: 'PersistentVolumeClaim',
      original: {
        metadata: { name: 'c', ownerReferences: [{ uid: 'u1', kind: 'StatefulSet', name: 'web' }] },
      },
      patch: { metadata: { ownerReferences: [{ uid: 'u2', kind: 'Pod', name: 'web-0' }] } },
      expected: {
        metadata: {
          name: 'c',
          ownerReferences: [
            { uid: 'u2', kind: 'Pod', name: 'web-0' },
            { uid: 'u1', kind: 'StatefulSet', name: 'web' },
          ],
        },
      },
    },
    {
      name: 'clears volume fields missing from $retainKeys',
      kind: 'Pod',
      original: { metadata: { name: 'p' }, spec: { volumes: [{ name: 'v', emptyDir: {} }] } },
      patch: {
        spec: { volumes: [{ name: 'v', $retainKeys: ['name', 'configMap'], configMap: { name: 'cm' } }] },
      },
      expected: { metadata: { name: 'p' }, spec: { volumes: [{ name: 'v', configMap: { name: 'cm' } }] } },
    },
    {
      name: 'merges ConfigMap data like any map',
      kind: 'ConfigMap',
      original: { metadata: { name: 'cm' }, data: { a: '1', b: '2' } },
      patch: { data: { b: null, c: '3' } },
      expected: { metadata: { name: 'cm' }, data: { a: '1', c: '3' } },
    },
    {
      name: 'treats a null patch as a no-op',
      kind: 'StatefulSet',
      original: statefulSet(),
      patch: null,
      expected: statefulSet(),
    },
  ];

  it.each(cases)('$name', ({ kind, original, patch, expected }) => {
    expect(strategicMergePatch(kind, original, patch)).toEqual(ok(expected));
  });

  const failures: { name: string; kind?: string; original: Json; patch: Json; error: string }[] = [
    {
      name: 'a merge list item without its merge key',
      original: statefulSet(),
      patch: podSpecPatch({ containers: [{ image: 'nginx:1.26' }] }),
      error: 'map: map[image:nginx:1.26] does not contain declared merge key: name',
    },
    {
      name: 'an unknown $patch directive in a map',
      original: statefulSet(),
      patch: { metadata: { labels: { $patch: 'bogus', a: 'b' } } },
      error: 'unknown patch type: bogus in map: map[$patch:bogus a:b]',
    },
    {
      name: '$patch: merge inside a list',
      original: statefulSet(),
      patch: podSpecPatch({ containers: [{ $patch: 'merge' }] }),
      error: 'merging lists cannot yet be specified in the patch',
    },
    {
      name: 'a $deleteFromPrimitiveList key without a field',
      original: statefulSet(),
      patch: { metadata: { $deleteFromPrimitiveList: ['a.io/one'] } },
      error: 'invalid patch format of primitive list',
    },
    {
      name: 'a patch field missing from $retainKeys',
      kind: 'Pod',
      original: { metadata: { name: 'p' }, spec: { volumes: [{ name: 'v', emptyDir: {} }] } },
      patch: { spec: { volumes: [{ name: 'v', $retainKeys: ['name'], configMap: { name: 'cm' } }] } },
      error: 'invalid patch format of retainKeys',
    },
    {
      name: 'a patch that is not an object',
      original: statefulSet(),
      patch: [1, 2],
      error: 'json: cannot unmarshal array into Go value of type map[string]interface {}',
    },
    {
      name: 'a document that is not an object',
      original: 'nope',
      patch: {},
      error: 'invalid JSON document',
    },
  ];

  it.each(failures)('rejects $name', ({ kind, original, patch, error }) => {
    expect(strategicMergePatch(kind ?? 'StatefulSet', original, patch)).toEqual(err(error));
  });
});

describe('jsonMergePatch', () => {
  const cases: { name: string; original: Json; patch: Json; expected: Json }[] = [
    {
      name: 'replaces lists instead of merging them',
      original: { spec: { containers: [{ name: 'a' }, { name: 'b' }] } },
      patch: { spec: { containers: [{ name: 'c' }] } },
      expected: { spec: { containers: [{ name: 'c' }] } },
    },
    {
      name: 'deletes keys set to null and merges nested maps',
      original: { metadata: { labels: { a: '1', b: '2' } }, spec: { replicas: 1 } },
      patch: { metadata: { labels: { a: null, c: '3' } }, spec: { replicas: 2 } },
      expected: { metadata: { labels: { b: '2', c: '3' } }, spec: { replicas: 2 } },
    },
    {
      name: 'drops nulls from newly added objects',
      original: { a: 1 },
      patch: { b: { c: null, d: 2 } },
      expected: { a: 1, b: { d: 2 } },
    },
    {
      name: 'replaces the whole document when the patch is not an object',
      original: { a: 1 },
      patch: ['x'],
      expected: ['x'],
    },
    {
      name: 'replaces a scalar with an object',
      original: { a: 'text' },
      patch: { a: { b: 1 } },
      expected: { a: { b: 1 } },
    },
  ];

  it.each(cases)('$name', ({ original, patch, expected }) => {
    expect(jsonMergePatch(original, patch)).toEqual(expected);
  });

  it('is reached through applyPatch with --type merge, which needs an object patch', () => {
    expect(applyPatch('StatefulSet', statefulSet(), { spec: { replicas: 7 } }, 'merge')).toEqual(
      ok(withSpec({ replicas: 7 }))
    );
    expect(applyPatch('StatefulSet', statefulSet(), '[1]', 'merge')).toEqual(
      err('json: cannot unmarshal array into Go value of type map[string]interface {}')
    );
    expect(applyPatch('StatefulSet', statefulSet(), 'null', 'merge')).toEqual(err('Invalid JSON Patch'));
  });
});

// The document the JSON patch cases start from.
const jsonPatchDoc = (): JsonObject => ({
  metadata: {
    name: 'web',
    labels: { app: 'web' },
    annotations: { 'example.com/owner': 'sre', 'a~b': 'tilde' },
  },
  spec: { replicas: 3, containers: [{ name: 'a' }, { name: 'b' }] },
});

describe('jsonPatch', () => {
  const cases: { name: string; ops: Json; expected: Json }[] = [
    {
      name: 'add sets a new map key',
      ops: [{ op: 'add', path: '/metadata/labels/tier', value: 'front' }],
      expected: {
        ...jsonPatchDoc(),
        metadata: { ...(jsonPatchDoc()['metadata'] as JsonObject), labels: { app: 'web', tier: 'front' } },
      },
    },
    {
      name: 'add with - appends to a list',
      ops: [{ op: 'add', path: '/spec/containers/-', value: { name: 'c' } }],
      expected: {
        ...jsonPatchDoc(),
        spec: { replicas: 3, containers: [{ name: 'a' }, { name: 'b' }, { name: 'c' }] },
      },
    },
    {
      name: 'add at an index inserts before it',
      ops: [{ op: 'add', path: '/spec/containers/0', value: { name: 'z' } }],
      expected: {
        ...jsonPatchDoc(),
        spec: { replicas: 3, containers: [{ name: 'z' }, { name: 'a' }, { name: 'b' }] },
      },
    },
    {
      name: 'remove deletes a list item',
      ops: [{ op: 'remove', path: '/spec/containers/0' }],
      expected: { ...jsonPatchDoc(), spec: { replicas: 3, containers: [{ name: 'b' }] } },
    },
    {
      name: 'replace swaps a value',
      ops: [{ op: 'replace', path: '/spec/replicas', value: 5 }],
      expected: { ...jsonPatchDoc(), spec: { replicas: 5, containers: [{ name: 'a' }, { name: 'b' }] } },
    },
    {
      name: 'move relocates a value',
      ops: [{ op: 'move', from: '/metadata/labels/app', path: '/metadata/labels/name' }],
      expected: {
        ...jsonPatchDoc(),
        metadata: { ...(jsonPatchDoc()['metadata'] as JsonObject), labels: { name: 'web' } },
      },
    },
    {
      name: 'copy duplicates a value',
      ops: [{ op: 'copy', from: '/spec/containers/1', path: '/spec/containers/-' }],
      expected: {
        ...jsonPatchDoc(),
        spec: { replicas: 3, containers: [{ name: 'a' }, { name: 'b' }, { name: 'b' }] },
      },
    },
    {
      name: 'test guards a later replace',
      ops: [
        { op: 'test', path: '/spec/replicas', value: 3 },
        { op: 'replace', path: '/spec/replicas', value: 4 },
      ],
      expected: { ...jsonPatchDoc(), spec: { replicas: 4, containers: [{ name: 'a' }, { name: 'b' }] } },
    },
    {
      name: '~1 escapes a slash in a key',
      ops: [{ op: 'replace', path: '/metadata/annotations/example.com~1owner', value: 'dev' }],
      expected: {
        ...jsonPatchDoc(),
        metadata: {
          ...(jsonPatchDoc()['metadata'] as JsonObject),
          annotations: { 'example.com/owner': 'dev', 'a~b': 'tilde' },
        },
      },
    },
    {
      name: '~0 escapes a tilde in a key',
      ops: [{ op: 'remove', path: '/metadata/annotations/a~0b' }],
      expected: {
        ...jsonPatchDoc(),
        metadata: {
          ...(jsonPatchDoc()['metadata'] as JsonObject),
          annotations: { 'example.com/owner': 'sre' },
        },
      },
    },
    {
      name: 'a negative index counts from the end (an evanphx extension)',
      ops: [{ op: 'remove', path: '/spec/containers/-1' }],
      expected: { ...jsonPatchDoc(), spec: { replicas: 3, containers: [{ name: 'a' }] } },
    },
    {
      name: 'replace of the empty path swaps the whole document',
      ops: [{ op: 'replace', path: '', value: { kind: 'Other' } }],
      expected: { kind: 'Other' },
    },
  ];

  it.each(cases)('$name', ({ ops, expected }) => {
    expect(jsonPatch(jsonPatchDoc(), ops)).toEqual(ok(expected));
  });

  const failures: { name: string; ops: Json; error: string }[] = [
    {
      name: 'replace of a missing key',
      ops: [{ op: 'replace', path: '/spec/foo', value: 1 }],
      error: 'jsonpatch replace operation does not apply: doc is missing key: /spec/foo: missing value',
    },
    {
      name: 'replace under a missing parent',
      ops: [{ op: 'replace', path: '/status/phase', value: 'x' }],
      error: 'jsonpatch replace operation does not apply: doc is missing path: /status/phase: missing value',
    },
    {
      name: 'remove of a missing key',
      ops: [{ op: 'remove', path: '/spec/x' }],
      error: 'jsonpatch remove operation does not apply: doc is missing path: "/spec/x": missing value',
    },
    {
      name: 'remove past the end of a list',
      ops: [{ op: 'remove', path: '/spec/containers/5' }],
      error:
        "error in remove for path: '/spec/containers/5': Unable to access invalid index: 5: invalid index referenced",
    },
    {
      name: 'add past the end of a list',
      ops: [{ op: 'add', path: '/spec/containers/3', value: {} }],
      error:
        "error in add for path: '/spec/containers/3': Unable to access invalid index: 3: invalid index referenced",
    },
    {
      name: 'add with a non-numeric list index',
      ops: [{ op: 'add', path: '/spec/containers/x', value: {} }],
      error:
        "error in add for path: '/spec/containers/x': value was not a proper array index: 'x': strconv.Atoi: parsing \"x\": invalid syntax",
    },
    {
      name: 'a failing test',
      ops: [{ op: 'test', path: '/spec/replicas', value: 4 }],
      error: 'testing value /spec/replicas failed: test failed',
    },
    {
      name: 'a move into its own child',
      ops: [{ op: 'move', from: '/spec', path: '/spec/inner' }],
      error:
        'jsonpatch move operation does not apply: doc is missing destination path: /spec/inner: missing value',
    },
    {
      name: 'a copy from a missing key',
      ops: [{ op: 'copy', from: '/spec/nothing', path: '/spec/other' }],
      error:
        'jsonpatch copy operation does not apply: doc is missing from path: /spec/nothing: missing value',
    },
    {
      name: 'an unknown operation',
      ops: [{ op: 'frobnicate', path: '/spec' }],
      error: 'Unexpected kind: frobnicate',
    },
    {
      name: 'operations that are not a list',
      ops: { op: 'add', path: '/a', value: 1 },
      error: 'json: cannot unmarshal object into Go value of type jsonpatch.Patch',
    },
  ];

  it.each(failures)('rejects $name', ({ ops, error }) => {
    expect(jsonPatch(jsonPatchDoc(), ops)).toEqual(err(error));
  });

  it('applies nothing when a later operation fails', () => {
    const original = deepFreeze(jsonPatchDoc());
    const result = jsonPatch(original, [
      { op: 'replace', path: '/spec/replicas', value: 9 },
      { op: 'remove', path: '/nope' },
    ]);
    expect(result).toEqual(
      err('jsonpatch remove operation does not apply: doc is missing path: "/nope": missing value')
    );
    expect(original).toEqual(jsonPatchDoc());
  });

  it('stops self-doubling copies at the apiserver copy limit', () => {
    // Each copy of /a into itself doubles it; unchecked, 40 of them would need terabytes.
    const ops = [
      { op: 'add', path: '/a', value: { seed: 'y'.repeat(1024) } },
      ...Array.from({ length: 40 }, (_, i) => ({ op: 'copy', from: '/a', path: `/a/c${i}` })),
    ];
    const result = jsonPatch({}, ops);
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.error).toMatch(
      /^Unable to complete the copy, the accumulated size increase of copy is \d+, exceeding the limit 3145728$/
    );
  });

  it('refuses more than 10000 operations like the apiserver', () => {
    const ops = Array.from({ length: 10001 }, () => ({ op: 'test', path: '/spec/replicas', value: 3 }));
    expect(jsonPatch(jsonPatchDoc(), ops)).toEqual(
      err('The allowed maximum operations in a JSON patch is 10000, got 10001')
    );
  });
});

describe('applyPatch', () => {
  it('parses patch text for each patch type', () => {
    const text = '{"spec":{"template":{"spec":{"containers":[{"name":"nginx","image":"nginx:1.26"}]}}}}';
    expect(applyPatch('StatefulSet', statefulSet(), text, 'strategic')).toEqual(
      ok(withSpec({ containers: [{ ...NGINX, image: 'nginx:1.26' }, SIDECAR] }))
    );
    expect(applyPatch('StatefulSet', statefulSet(), text, 'merge')).toEqual(
      ok(withSpec({ containers: [{ name: 'nginx', image: 'nginx:1.26' }] }))
    );
    expect(
      applyPatch('StatefulSet', statefulSet(), '[{"op":"replace","path":"/spec/replicas","value":1}]', 'json')
    ).toEqual(ok(withSpec({ replicas: 1 })));
  });

  const badText: { text: string; error: string }[] = [
    {
      text: '{"spec":',
      error: `unable to parse "{\\"spec\\":": yaml: line 1: did not find expected ',' or '}'`,
    },
    { text: '[1, 2', error: `unable to parse "[1, 2": yaml: line 1: did not find expected ',' or ']'` },
    {
      text: '{"a": "b',
      error: `unable to parse "{\\"a\\": \\"b": yaml: line 1: found unexpected end of stream`,
    },
    {
      text: '{"a": 1}\n}',
      error: `unable to parse "{\\"a\\": 1}\\n}": yaml: line 2: did not find expected <document start>`,
    },
    { text: '   ', error: 'must specify --patch or --patch-file containing the contents of the patch' },
  ];

  it.each(badText)('reports unparsable text $text like kubectl', ({ text, error }) => {
    expect(applyPatch('StatefulSet', statefulSet(), text, 'strategic')).toEqual(err(error));
  });
});

// A Pod with one volume named v whose source is `source`.
const podWithVolume = (source: JsonObject): JsonObject => ({
  metadata: { name: 'p' },
  spec: { volumes: [{ name: 'v', ...source }] },
});

// The config last applied with kubectl apply.
const appliedConfig = (): JsonObject => ({
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  metadata: { name: 'web', labels: { app: 'web', tier: 'front' } },
  spec: {
    replicas: 3,
    template: {
      spec: {
        containers: [
          { name: 'nginx', image: 'nginx:1.25' },
          { name: 'sidecar', image: 'busybox:1.36' },
        ],
      },
    },
  },
});
// The live object: what was applied plus fields other writers and controllers set.
const liveObject = (): JsonObject => {
  const obj = appliedConfig();
  obj['metadata'] = {
    name: 'web',
    uid: 'u-1',
    labels: { app: 'web', tier: 'front', 'added-by': 'someone-else' },
    finalizers: ['example.com/protect'],
  };
  obj['status'] = { replicas: 3, readyReplicas: 3 };
  return obj;
};
// A copy of the applied config changed by `change`, standing for the user's edited manifest.
const editConfig = (change: (o: JsonObject) => void): JsonObject => {
  const obj = appliedConfig();
  change(obj);
  return obj;
};
const metaOf = (o: JsonObject): JsonObject => o['metadata'] as JsonObject;
const podSpecOf = (o: JsonObject): JsonObject =>
  ((o['spec'] as JsonObject)['template'] as JsonObject)['spec'] as JsonObject;

describe('createThreeWayMergePatch', () => {
  const cases: { name: string; lastApplied: JsonObject | null; modified: JsonObject; expected: Json }[] = [
    {
      name: 'deletes a label removed from the config and keeps one added by someone else',
      lastApplied: appliedConfig(),
      modified: editConfig((o) => {
        metaOf(o)['labels'] = { app: 'web' };
      }),
      expected: { metadata: { labels: { tier: null } } },
    },
    {
      name: 'changes replicas',
      lastApplied: appliedConfig(),
      modified: editConfig((o) => {
        (o['spec'] as JsonObject)['replicas'] = 5;
      }),
      expected: { spec: { replicas: 5 } },
    },
    {
      name: 'removes a container dropped from the config',
      lastApplied: appliedConfig(),
      modified: editConfig((o) => {
        podSpecOf(o)['containers'] = [{ name: 'nginx', image: 'nginx:1.25' }];
      }),
      expected: {
        spec: {
          template: {
            spec: {
              '$setElementOrder/containers': [{ name: 'nginx' }],
              containers: [{ $patch: 'delete', name: 'sidecar' }],
            },
          },
        },
      },
    },
    {
      name: 'changes a container image by name',
      lastApplied: appliedConfig(),
      modified: editConfig((o) => {
        podSpecOf(o)['containers'] = [
          { name: 'nginx', image: 'nginx:1.26' },
          { name: 'sidecar', image: 'busybox:1.36' },
        ];
      }),
      expected: {
        spec: {
          template: {
            spec: {
              '$setElementOrder/containers': [{ name: 'nginx' }, { name: 'sidecar' }],
              containers: [{ image: 'nginx:1.26', name: 'nginx' }],
            },
          },
        },
      },
    },
    {
      name: 'drops a finalizer the config used to list with a parallel deletion list',
      lastApplied: editConfig((o) => {
        metaOf(o)['finalizers'] = ['example.com/protect', 'example.com/audit'];
      }),
      modified: editConfig((o) => {
        metaOf(o)['finalizers'] = ['example.com/protect'];
      }),
      expected: {
        metadata: {
          '$deleteFromPrimitiveList/finalizers': ['example.com/audit'],
          '$setElementOrder/finalizers': ['example.com/protect'],
        },
      },
    },
    {
      name: 'sends nothing when the config is unchanged',
      lastApplied: appliedConfig(),
      modified: appliedConfig(),
      expected: {},
    },
    {
      name: 'deletes nothing without a previous config',
      lastApplied: null,
      modified: editConfig((o) => {
        metaOf(o)['labels'] = { app: 'web' };
        (o['spec'] as JsonObject)['replicas'] = 2;
      }),
      expected: { spec: { replicas: 2 } },
    },
  ];
  it.each(cases)('$name', ({ lastApplied: previous, modified, expected }) => {
    expect(createThreeWayMergePatch('StatefulSet', previous, modified, liveObject())).toEqual(expected);
  });

  it('yields the new config merged with other writers when the server applies the patch', () => {
    const modified = editConfig((o) => {
      metaOf(o)['labels'] = { app: 'web' };
      (o['spec'] as JsonObject)['replicas'] = 5;
      podSpecOf(o)['containers'] = [{ name: 'nginx', image: 'nginx:1.26' }];
    });
    const patch = createThreeWayMergePatch('StatefulSet', appliedConfig(), modified, liveObject());
    expect(strategicMergePatch('StatefulSet', liveObject(), patch)).toEqual(
      ok({
        apiVersion: 'apps/v1',
        kind: 'StatefulSet',
        metadata: {
          name: 'web',
          uid: 'u-1',
          labels: { app: 'web', 'added-by': 'someone-else' },
          finalizers: ['example.com/protect'],
        },
        spec: { replicas: 5, template: { spec: { containers: [{ name: 'nginx', image: 'nginx:1.26' }] } } },
        status: { replicas: 3, readyReplicas: 3 },
      })
    );
  });

  it('builds $retainKeys for a volume whose source changed', () => {
    expect(
      createThreeWayMergePatch(
        'Pod',
        podWithVolume({ emptyDir: {} }),
        podWithVolume({ configMap: { name: 'cm' } }),
        podWithVolume({ emptyDir: {} })
      )
    ).toEqual({
      spec: {
        '$setElementOrder/volumes': [{ name: 'v' }],
        volumes: [
          { $retainKeys: ['configMap', 'name'], configMap: { name: 'cm' }, emptyDir: null, name: 'v' },
        ],
      },
    });
  });

  it('throws upstream’s error for a container without a name', () => {
    const modified = editConfig((o) => {
      podSpecOf(o)['containers'] = [{ image: 'nginx:1.26' }];
    });
    expect(() => createThreeWayMergePatch('StatefulSet', appliedConfig(), modified, liveObject())).toThrow(
      'map: map[image:nginx:1.26] does not contain declared merge key: name'
    );
  });
});

describe('robustness', () => {
  it('never mutates its inputs', () => {
    const original = deepFreeze(statefulSet());
    const patch = deepFreeze(
      podSpecPatch({
        containers: [
          { name: 'sidecar', $patch: 'delete' },
          { name: 'nginx', env: [{ name: 'MODE', value: 'dev' }] },
        ],
        '$setElementOrder/containers': [{ name: 'nginx' }],
      })
    );
    expect(strategicMergePatch('StatefulSet', original, patch).ok).toBe(true);
    expect(jsonMergePatch(original, patch)).not.toBe(original);
    expect(jsonPatch(original, deepFreeze([{ op: 'remove', path: '/spec/template' }])).ok).toBe(true);
    const modified = deepFreeze(withSpec({ replicas: 1, containers: [NGINX] }));
    expect(createThreeWayMergePatch('StatefulSet', original, modified, original)).toEqual({
      spec: {
        replicas: 1,
        template: {
          spec: {
            '$setElementOrder/containers': [{ name: 'nginx' }],
            containers: [{ $patch: 'delete', name: 'sidecar' }],
          },
        },
      },
    });
    expect(original).toEqual(statefulSet());
  });

  it('stores __proto__ keys as data instead of changing prototypes', () => {
    const text = '{"metadata":{"labels":{"__proto__":{"polluted":"yes"}}}}';
    for (const type of ['strategic', 'merge'] as const) {
      const result = applyPatch('StatefulSet', statefulSet(), text, type);
      expect(result.ok).toBe(true);
      const labels = ((result.ok ? result.value : {}) as JsonObject)['metadata'] as JsonObject;
      const stored = labels['labels'] as JsonObject;
      expect(Object.hasOwn(stored, '__proto__')).toBe(true);
      expect(Object.getPrototypeOf(stored)).toBe(Object.prototype);
      expect(Object.keys(stored)).toEqual(['app', 'tier', '__proto__']);
    }
    const viaJsonPatch = jsonPatch(
      { a: {} },
      JSON.parse('[{"op":"add","path":"/a/__proto__","value":{"x":1}}]')
    );
    expect(
      viaJsonPatch.ok && Object.hasOwn((viaJsonPatch.value as JsonObject)['a'] as JsonObject, '__proto__')
    ).toBe(true);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(({} as Record<string, unknown>)['x']).toBeUndefined();
  });

  it('rejects absurdly deep input instead of overflowing the stack', () => {
    let deep: Json = 'leaf';
    for (let i = 0; i < 5000; i++) deep = { d: deep };
    expect(strategicMergePatch('ConfigMap', { a: 1 }, { data: deep })).toEqual(
      err('exceeded max depth of 1000')
    );
    expect(applyPatch('ConfigMap', { a: 1 }, '['.repeat(5000), 'merge')).toEqual(
      err(`unable to parse ${JSON.stringify('['.repeat(5000))}: yaml: exceeded max depth of 1000`)
    );
  });

  it('merges long lists without quadratic blowups', () => {
    const containers = Array.from({ length: 20000 }, (_, i) => ({ name: `c${i}`, image: 'x:1' }));
    const original = { metadata: { name: 'p' }, spec: { containers } };
    const result = strategicMergePatch('Pod', original, {
      spec: { containers: [{ name: 'c19999', image: 'x:2' }] },
    });
    const merged = result.ok
      ? (((result.value as JsonObject)['spec'] as JsonObject)['containers'] as JsonObject[])
      : [];
    expect(merged.length).toBe(20000);
    expect(merged[19999]).toEqual({ name: 'c19999', image: 'x:2' });
    expect(merged[0]).toEqual({ name: 'c0', image: 'x:1' });
  });
});
