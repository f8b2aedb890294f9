import { describe, expect, it } from 'vitest';
import type { FieldError, K8sObject } from '../model/types.ts';
import { applyDefaults, type ApiContext } from './defaults.ts';
import { formatInvalid, validateCreate, validateStatusUpdate, validateUpdate } from './validation.ts';

const GATE_OFF: ApiContext = { featureGates: { MaxUnavailableStatefulSet: false } };
const GATE_ON: ApiContext = { featureGates: { MaxUnavailableStatefulSet: true } };

const DNS_LABEL_MSG =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const DNS_SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const DNS1035_MSG =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
const LABEL_VALUE_MSG =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
const LABEL_KEY_NAME_MSG =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const STS_FORBIDDEN =
  "spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden";
const POD_FORBIDDEN =
  'spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)';
const QUANTITY_FORMAT = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

type Mutable = Record<string, any>;

/** The set of statefulset.md §10's common setup: `web`, serviceName `nginx`, label app=nginx, claim `www`. */
function rawSts(mutate: (o: Mutable) => void = () => {}): K8sObject {
  const o: Mutable = {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'web', namespace: 'default' },
    spec: {
      replicas: 3,
      serviceName: 'nginx',
      selector: { matchLabels: { app: 'nginx' } },
      template: {
        metadata: { labels: { app: 'nginx' } },
        spec: { containers: [{ name: 'nginx', image: 'nginx:v1', ports: [{ name: 'web', containerPort: 80 }], volumeMounts: [{ name: 'www', mountPath: '/usr/share/nginx/html' }] }] },
      },
      volumeClaimTemplates: [
        { metadata: { name: 'www' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } },
      ],
    },
  };
  mutate(o);
  return o as K8sObject;
}

/** Defaulted, as the API server validates it. */
function sts(mutate: (o: Mutable) => void = () => {}, ctx: ApiContext = GATE_OFF): K8sObject {
  return applyDefaults(rawSts(mutate), ctx);
}

function messages(errs: FieldError[]): string[] {
  return errs.map((e) => `${e.field}: ${e.detail}`);
}

function create(o: K8sObject, ctx: ApiContext = GATE_OFF): string[] {
  return messages(validateCreate(applyDefaults(o, ctx), ctx));
}

function update(next: K8sObject, old: K8sObject, ctx: ApiContext = GATE_OFF): string[] {
  const stored = applyDefaults(old, ctx);
  return messages(validateUpdate(applyDefaults(next, ctx, stored), stored, ctx));
}

const withStatus = (status: Record<string, unknown>): K8sObject => ({ ...sts(), status });

const cmWithMeta = (meta: Record<string, unknown>): K8sObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: 'default', ...meta } } as K8sObject);

const pod = (mutate: (o: Mutable) => void = () => {}, name = 'web-0'): K8sObject => {
  const o: Mutable = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', labels: { app: 'nginx' } },
    spec: { containers: [{ name: 'nginx', image: 'nginx:v1' }] },
  };
  mutate(o);
  return o as K8sObject;
};

const pvc = (mutate: (o: Mutable) => void = () => {}): K8sObject => {
  const o: Mutable = {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name: 'www-web-0', namespace: 'default' },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
  };
  mutate(o);
  return o as K8sObject;
};

const pv = (mutate: (o: Mutable) => void = () => {}): K8sObject => {
  const o: Mutable = {
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: { name: 'pv-1' },
    spec: { capacity: { storage: '5Gi' }, accessModes: ['ReadWriteOnce'], hostPath: { path: '/data/pv-1' } },
  };
  mutate(o);
  return o as K8sObject;
};

const sc = (extra: Record<string, unknown> = {}): K8sObject =>
  ({ apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'standard' }, provisioner: 'rancher.io/local-path', ...extra }) as K8sObject;

const svc = (mutate: (o: Mutable) => void = () => {}): K8sObject => {
  const o: Mutable = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'nginx', namespace: 'default' },
    spec: { clusterIP: 'None', selector: { app: 'nginx' }, ports: [{ name: 'web', port: 80 }] },
  };
  mutate(o);
  return o as K8sObject;
};

const cmData = (data: Record<string, string>, immutable?: boolean): K8sObject =>
  ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: 'default' }, data, ...(immutable === undefined ? {} : { immutable }) }) as K8sObject;

const cr = (data: unknown): K8sObject =>
  ({ apiVersion: 'apps/v1', kind: 'ControllerRevision', metadata: { name: 'web-c77f6d978', namespace: 'default' }, data, revision: 1 }) as K8sObject;

const bound = (storage: string, capacity: string): K8sObject =>
  applyDefaults(
    pvc((o) => {
      o['spec'].resources.requests.storage = storage;
      o['spec'].volumeName = 'pv-1';
      o['spec'].storageClassName = 'standard';
      o['status'] = { phase: 'Bound', capacity: { storage: capacity }, accessModes: ['ReadWriteOnce'] };
    }),
    GATE_OFF
  );

describe('SS-50: StatefulSet create validation (ValidateStatefulSetSpec)', () => {
  it('accepts the common setup', () => {
    expect(create(rawSts())).toEqual([]);
  });

  const rejected: [string, (o: Mutable) => void, string[], ApiContext?][] = [
    [
      'selector missing',
      (o) => delete o['spec'].selector,
      ['spec.selector: Required value', 'spec.template.metadata.labels: Invalid value: {"app":"nginx"}: `selector` does not match template `labels`'],
    ],
    ['selector empty', (o) => (o['spec'].selector = {}), ['spec.selector: Invalid value: {}: empty selector is invalid for statefulset']],
    [
      'selector not matching template labels',
      (o) => (o['spec'].selector = { matchLabels: { app: 'other' } }),
      ['spec.template.metadata.labels: Invalid value: {"app":"nginx"}: `selector` does not match template `labels`'],
    ],
    [
      'template without labels',
      (o) => delete o['spec'].template.metadata.labels,
      ['spec.template.metadata.labels: Invalid value: null: `selector` does not match template `labels`'],
    ],
    ['replicas -1', (o) => (o['spec'].replicas = -1), ['spec.replicas: Invalid value: -1: must be greater than or equal to 0']],
    ['minReadySeconds -1', (o) => (o['spec'].minReadySeconds = -1), ['spec.minReadySeconds: Invalid value: -1: must be greater than or equal to 0']],
    ['ordinals.start -1', (o) => (o['spec'].ordinals = { start: -1 }), ['spec.ordinals.start: Invalid value: -1: must be greater than or equal to 0']],
    [
      'partition -1',
      (o) => (o['spec'].updateStrategy = { type: 'RollingUpdate', rollingUpdate: { partition: -1 } }),
      ['spec.updateStrategy.rollingUpdate.partition: Invalid value: -1: must be greater than or equal to 0'],
    ],
    [
      'podManagementPolicy "Foo"',
      (o) => (o['spec'].podManagementPolicy = 'Foo'),
      ["spec.podManagementPolicy: Invalid value: \"Foo\": must be 'OrderedReady' or 'Parallel'"],
    ],
    [
      'updateStrategy "Foo"',
      (o) => (o['spec'].updateStrategy = { type: 'Foo' }),
      ['spec.updateStrategy: Invalid value: {"Type":"Foo","RollingUpdate":null}: must be \'RollingUpdate\' or \'OnDelete\''],
    ],
    [
      'OnDelete with a rollingUpdate block',
      (o) => (o['spec'].updateStrategy = { type: 'OnDelete', rollingUpdate: { partition: 0 } }),
      ['spec.updateStrategy.rollingUpdate: Invalid value: {"Partition":0,"MaxUnavailable":null}: only allowed for updateStrategy \'RollingUpdate\''],
    ],
    [
      'maxUnavailable 0 (gate on)',
      (o) => (o['spec'].updateStrategy = { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0 } }),
      ['spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: 0: cannot be 0'],
      GATE_ON,
    ],
    [
      'maxUnavailable "0%" (gate on)',
      (o) => (o['spec'].updateStrategy = { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '0%' } }),
      ['spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: "0%": cannot be 0'],
      GATE_ON,
    ],
    [
      'maxUnavailable "101%" (gate on)',
      (o) => (o['spec'].updateStrategy = { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '101%' } }),
      ['spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: "101%": must not be greater than 100%'],
      GATE_ON,
    ],
    [
      'maxUnavailable "five" (gate on)',
      (o) => (o['spec'].updateStrategy = { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 'five' } }),
      [
        "spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: \"five\": a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
        'spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: "five": cannot be 0',
      ],
      GATE_ON,
    ],
    [
      'retention value "Keep"',
      (o) => (o['spec'].persistentVolumeClaimRetentionPolicy = { whenDeleted: 'Keep', whenScaled: 'Retain' }),
      ['spec.persistentVolumeClaimRetentionPolicy.whenDeleted: Unsupported value: "Keep": supported values: "Retain", "Delete"'],
    ],
    [
      'template restartPolicy Never',
      (o) => (o['spec'].template.spec.restartPolicy = 'Never'),
      ['spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"'],
    ],
    [
      'activeDeadlineSeconds set',
      (o) => (o['spec'].template.spec.activeDeadlineSeconds = 60),
      ['spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in StatefulSet is not Supported'],
    ],
    ['name with a dot', (o) => (o['metadata'].name = 'web.v1'), ['metadata.name: Invalid value: "web.v1": must not contain dots']],
    [
      'name of 64 characters',
      (o) => (o['metadata'].name = 'w'.repeat(64)),
      [`metadata.name: Invalid value: "${'w'.repeat(64)}": must be no more than 63 characters`],
    ],
    ['name with capitals', (o) => (o['metadata'].name = 'Web'), [`metadata.name: Invalid value: "Web": ${DNS_LABEL_MSG}`]],
    ['serviceName "Not_Valid"', (o) => (o['spec'].serviceName = 'Not_Valid'), [`spec.serviceName: Invalid value: "Not_Valid": ${DNS_LABEL_MSG}`]],
    [
      'template label value too long',
      (o) => {
        o['spec'].selector = { matchLabels: { app: 'nginx' } };
        o['spec'].template.metadata.labels = { app: 'nginx', tier: 't'.repeat(64) };
      },
      [`spec.template.labels: Invalid value: "${'t'.repeat(64)}": must be no more than 63 bytes`],
    ],
  ];

  it.each(rejected)('rejects %s', (_name, mutate, expected, ctx = GATE_OFF) => {
    expect(create(rawSts(mutate), ctx)).toEqual(expected);
  });

  const accepted: [string, (o: Mutable) => void, ApiContext?][] = [
    ['serviceName ""', (o) => (o['spec'].serviceName = '')],
    ['serviceName absent', (o) => delete o['spec'].serviceName],
    ['replicas 0', (o) => (o['spec'].replicas = 0)],
    ['partition greater than replicas', (o) => (o['spec'].updateStrategy = { type: 'RollingUpdate', rollingUpdate: { partition: 10 } })],
    ['Parallel', (o) => (o['spec'].podManagementPolicy = 'Parallel')],
    ['OnDelete without rollingUpdate', (o) => (o['spec'].updateStrategy = { type: 'OnDelete' })],
    ['ordinals.start 5', (o) => (o['spec'].ordinals = { start: 5 })],
    ['retention Delete/Delete', (o) => (o['spec'].persistentVolumeClaimRetentionPolicy = { whenDeleted: 'Delete', whenScaled: 'Delete' })],
    ['matchExpressions selector', (o) => (o['spec'].selector = { matchExpressions: [{ key: 'app', operator: 'In', values: ['nginx'] }] })],
    [
      'maxUnavailable 0 with the gate off (dropped before validation)',
      (o) => (o['spec'].updateStrategy = { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0 } }),
    ],
    ['maxUnavailable "50%" (gate on)', (o) => (o['spec'].updateStrategy = { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '50%' } }), GATE_ON],
    ['maxUnavailable "100%" (gate on)', (o) => (o['spec'].updateStrategy = { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '100%' } }), GATE_ON],
    ['a name of 63 characters', (o) => (o['metadata'].name = 'w'.repeat(63))],
    ['an invalid pod spec in the template (not validated here)', (o) => (o['spec'].template.spec.containers = [{ name: 'Bad_Name' }])],
  ];

  it.each(accepted)('accepts %s', (_name, mutate, ctx = GATE_OFF) => {
    expect(create(rawSts(mutate), ctx)).toEqual([]);
  });

  it('reports an undefaulted StatefulSet as upstream would (callers must default first)', () => {
    expect(messages(validateCreate(rawSts(), GATE_OFF))).toEqual([
      'spec.podManagementPolicy: Required value',
      'spec.updateStrategy: Required value',
      'spec.template.spec.restartPolicy: Unsupported value: "": supported values: "Always"',
    ]);
  });

  it('reports several problems in upstream order', () => {
    const errs = create(
      rawSts((o) => {
        o['spec'].replicas = -2;
        o['spec'].podManagementPolicy = 'Foo';
        o['spec'].template.spec.restartPolicy = 'OnFailure';
      })
    );
    expect(errs).toEqual([
      "spec.podManagementPolicy: Invalid value: \"Foo\": must be 'OrderedReady' or 'Parallel'",
      'spec.replicas: Invalid value: -2: must be greater than or equal to 0',
      'spec.template.spec.restartPolicy: Unsupported value: "OnFailure": supported values: "Always"',
    ]);
  });
});

describe('SS-50: StatefulSet update validation (ValidateStatefulSetUpdate)', () => {
  const accepted: [string, (o: Mutable) => void][] = [
    ['replicas', (o) => (o['spec'].replicas = 5)],
    ['ordinals', (o) => (o['spec'].ordinals = { start: 2 })],
    ['template image', (o) => (o['spec'].template.spec.containers[0].image = 'nginx:v2')],
    ['updateStrategy', (o) => (o['spec'].updateStrategy = { type: 'OnDelete' })],
    ['partition', (o) => (o['spec'].updateStrategy = { type: 'RollingUpdate', rollingUpdate: { partition: 2 } })],
    ['retention policy', (o) => (o['spec'].persistentVolumeClaimRetentionPolicy = { whenDeleted: 'Delete', whenScaled: 'Retain' })],
    ['minReadySeconds', (o) => (o['spec'].minReadySeconds = 10)],
    ['labels and annotations', (o) => (o['metadata'].labels = { team: 'a' })],
  ];

  it.each(accepted)('accepts a change of %s', (_name, mutate) => {
    expect(update(rawSts(mutate), rawSts())).toEqual([]);
  });

  const rejected: [string, (o: Mutable) => void][] = [
    ['selector', (o) => (o['spec'].selector = { matchExpressions: [{ key: 'app', operator: 'In', values: ['nginx'] }] })],
    ['serviceName', (o) => (o['spec'].serviceName = 'other')],
    ['volumeClaimTemplates', (o) => (o['spec'].volumeClaimTemplates[0].spec.resources.requests.storage = '2Gi')],
    ['podManagementPolicy', (o) => (o['spec'].podManagementPolicy = 'Parallel')],
    ['revisionHistoryLimit', (o) => (o['spec'].revisionHistoryLimit = 3)],
  ];

  it.each(rejected)('rejects a change of %s', (_name, mutate) => {
    expect(update(rawSts(mutate), rawSts())).toEqual([STS_FORBIDDEN]);
  });

  it('compares defaulted specs: a manifest that omits defaulted fields is not a change', () => {
    const stored = sts();
    const manifest = rawSts((o) => (o['spec'].replicas = 4));
    expect(messages(validateUpdate(manifest, stored, GATE_OFF))).toEqual([
      'spec.podManagementPolicy: Required value',
      'spec.updateStrategy: Required value',
      'spec.template.spec.restartPolicy: Unsupported value: "": supported values: "Always"',
    ]);
    expect(messages(validateUpdate(applyDefaults(manifest, GATE_OFF, stored), stored, GATE_OFF))).toEqual([]);
  });

  it('still validates the new spec', () => {
    expect(update(rawSts((o) => (o['spec'].replicas = -1)), rawSts())).toEqual([
      'spec.replicas: Invalid value: -1: must be greater than or equal to 0',
    ]);
  });

  it('lets an old object with a dotted name be updated (the name is not re-validated)', () => {
    const old = sts((o) => (o['metadata'].name = 'web.v1'));
    const next = sts((o) => {
      o['metadata'].name = 'web.v1';
      o['spec'].replicas = 1;
    });
    expect(messages(validateUpdate(next, old, GATE_OFF))).toEqual([]);
  });

  it('rejects renaming', () => {
    expect(update(rawSts((o) => (o['metadata'].name = 'web2')), rawSts())).toEqual([
      'metadata.name: Invalid value: "web2": field is immutable',
    ]);
  });

  it('keeps maxUnavailable on update when the old object had it (gate off)', () => {
    const old = applyDefaults(rawSts(), GATE_ON);
    const next = applyDefaults(rawSts((o) => (o['spec'].updateStrategy = { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0 } })), GATE_OFF, old);
    expect(messages(validateUpdate(next, old, GATE_OFF))).toEqual(['spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: 0: cannot be 0']);
  });
});

describe('SS-50: StatefulSet status (ValidateStatefulSetStatusUpdate)', () => {

  it('accepts a consistent status', () => {
    const old = withStatus({ replicas: 3, collisionCount: 0 });
    expect(messages(validateStatusUpdate(withStatus({ replicas: 3, readyReplicas: 3, availableReplicas: 2, collisionCount: 1 }), old, GATE_OFF))).toEqual([]);
  });

  it('rejects readyReplicas above replicas and a decreasing collisionCount', () => {
    const old = withStatus({ replicas: 3, collisionCount: 2 });
    expect(messages(validateStatusUpdate(withStatus({ replicas: 3, readyReplicas: 4, collisionCount: 1 }), old, GATE_OFF))).toEqual([
      'status.readyReplicas: Invalid value: 4: cannot be greater than status.replicas',
      'status.collisionCount: Invalid value: 1: cannot be decremented',
    ]);
  });

  it('rejects negative counts and available above ready', () => {
    expect(messages(validateStatusUpdate(withStatus({ replicas: -1, readyReplicas: 0, availableReplicas: 1 }), withStatus({}), GATE_OFF))).toEqual([
      'status.replicas: Invalid value: -1: must be greater than or equal to 0',
      'status.readyReplicas: Invalid value: 0: cannot be greater than status.replicas',
      'status.currentReplicas: Invalid value: 0: cannot be greater than status.replicas',
      'status.updatedReplicas: Invalid value: 0: cannot be greater than status.replicas',
      'status.availableReplicas: Invalid value: 1: cannot be greater than status.replicas',
      'status.availableReplicas: Invalid value: 1: cannot be greater than status.readyReplicas',
    ]);
  });
});

describe('numbers of the wrong JSON type', () => {
  it.each([
    ['"3"', '3', 'spec.replicas: Invalid value: "3": must be of type integer'],
    ['1.5', 1.5, 'spec.replicas: Invalid value: 1.5: must be an integer'],
    ['1e400', Infinity, 'spec.replicas: Invalid value: +Inf: must be between -2147483648 and 2147483647, inclusive'],
    ['2147483648', 2147483648, 'spec.replicas: Invalid value: 2147483648: must be between -2147483648 and 2147483647, inclusive'],
    ['true', true, 'spec.replicas: Invalid value: true: must be of type integer'],
  ])('replicas %s', (_name, value, expected) => {
    expect(create(rawSts((o) => (o['spec'].replicas = value)))).toEqual([expected]);
  });

  it('accepts the int32 bounds', () => {
    expect(create(rawSts((o) => (o['spec'].replicas = 2147483647)))).toEqual([]);
  });

  it('reports type errors inside the template and claim templates, which upstream would fail to decode', () => {
    expect(
      create(
        rawSts((o) => {
          o['spec'].template.spec.terminationGracePeriodSeconds = 'thirty';
          o['spec'].volumeClaimTemplates[0].spec.accessModes = 'ReadWriteOnce';
        })
      )
    ).toEqual([
      'spec.template.spec.terminationGracePeriodSeconds: Invalid value: "thirty": must be of type integer',
      'spec.volumeClaimTemplates[0].spec.accessModes: Invalid value: "ReadWriteOnce": must be of type array',
    ]);
  });

  it('never throws on garbage', () => {
    const garbage: unknown[] = [
      null,
      'x',
      { kind: 'StatefulSet' },
      { kind: 'StatefulSet', metadata: 5, spec: [] },
      { kind: 'Pod', metadata: { name: 'p', namespace: 'd' }, spec: { containers: [null, 5, { name: 7 }] } },
      { kind: 'Service', metadata: { name: 's', namespace: 'd' }, spec: { ports: 'all' } },
      { kind: 'PersistentVolumeClaim', metadata: { name: 'c', namespace: 'd' }, spec: { resources: { requests: { storage: {} } } } },
    ];
    for (const g of garbage) {
      expect(() => validateCreate(g as K8sObject, GATE_OFF)).not.toThrow();
      expect(() => validateUpdate(g as K8sObject, g as K8sObject, GATE_OFF)).not.toThrow();
      expect(() => applyDefaults(g as K8sObject, GATE_OFF)).not.toThrow();
    }
    expect(messages(validateCreate({ kind: 'StatefulSet', metadata: 5, spec: [] } as unknown as K8sObject, GATE_OFF)).slice(0, 3)).toEqual([
      'metadata: Invalid value: 5: must be of type object',
      'metadata.name: Required value: name or generateName is required',
      'metadata.namespace: Required value',
    ]);
  });
});

describe('object metadata (ValidateObjectMeta)', () => {

  it.each([
    ['name missing', { name: '' }, ['metadata.name: Required value: name or generateName is required']],
    ['namespace missing', { namespace: undefined }, ['metadata.namespace: Required value']],
    ['name not a subdomain', { name: 'Cfg_1' }, [`metadata.name: Invalid value: "Cfg_1": ${DNS_SUBDOMAIN_MSG}`]],
    ['a dotted name is a fine subdomain', { name: 'app.config' }, []],
    ['label value with a space', { labels: { app: 'my app' } }, [`metadata.labels: Invalid value: "my app": ${LABEL_VALUE_MSG}`]],
    ['label value of 64 bytes', { labels: { app: 'a'.repeat(64) } }, [`metadata.labels: Invalid value: "${'a'.repeat(64)}": must be no more than 63 bytes`]],
    ['label key with a bad name part', { labels: { 'example.com/-bad': 'x' } }, [`metadata.labels: Invalid value: "example.com/-bad": ${LABEL_KEY_NAME_MSG}`]],
    ['label key with an empty prefix', { labels: { '/app': 'x' } }, ['metadata.labels: Invalid value: "/app": prefix part must be non-empty']],
    ['annotation key with two slashes', { annotations: { 'a/b/c': 'x' } }, [
      "metadata.annotations: Invalid value: \"a/b/c\": a valid label key must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
    ]],
    ['upper-case annotation keys are fine', { annotations: { 'Example.com/Key': 'x' } }, []],
    ['label value not a string', { labels: { replicas: 3 } }, ['metadata.labels[replicas]: Invalid value: 3: must be of type string']],
    ['unknown finalizer', { finalizers: ['cleanup'] }, ['metadata.finalizers[0]: Invalid value: "cleanup": name is neither a standard finalizer name nor is it fully qualified']],
  ])('%s', (_name, meta, expected) => {
    expect(messages(validateCreate(cmWithMeta(meta), GATE_OFF))).toEqual(expected);
  });

  it('forbids a namespace on cluster-scoped kinds when defaulting was skipped', () => {
    const cls = { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'fast', namespace: 'default' }, provisioner: 'x.io/p', volumeBindingMode: 'Immediate' };
    expect(messages(validateCreate(cls as K8sObject, GATE_OFF))).toEqual(['metadata.namespace: Forbidden: not allowed on this type']);
  });
});

describe('Pod', () => {

  it('accepts a minimal pod', () => {
    expect(create(pod())).toEqual([]);
  });

  it.each([
    ['no containers', (o: Mutable) => (o['spec'].containers = []), ['spec.containers: Required value']],
    ['image missing', (o: Mutable) => delete o['spec'].containers[0].image, ['spec.containers[0].image: Required value']],
    ['container name not a DNS label', (o: Mutable) => (o['spec'].containers[0].name = 'Web_1'), [`spec.containers[0].name: Invalid value: "Web_1": ${DNS_LABEL_MSG}`]],
    [
      'duplicate container names',
      (o: Mutable) => o['spec'].containers.push({ name: 'nginx', image: 'busybox' }),
      ['spec.containers[1].name: Duplicate value: "nginx"'],
    ],
    [
      'restartPolicy Sometimes',
      (o: Mutable) => (o['spec'].restartPolicy = 'Sometimes'),
      ['spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"'],
    ],
    ['hostname with capitals', (o: Mutable) => (o['spec'].hostname = 'Web-0'), [`spec.hostname: Invalid value: "Web-0": ${DNS_LABEL_MSG}`]],
    ['subdomain with a dot', (o: Mutable) => (o['spec'].subdomain = 'a.b'), ['spec.subdomain: Invalid value: "a.b": must not contain dots']],
    [
      'volume mount of an unknown volume',
      (o: Mutable) => (o['spec'].containers[0].volumeMounts = [{ name: 'www', mountPath: '/data' }]),
      ['spec.containers[0].volumeMounts[0].name: Not found: "www"'],
    ],
    [
      'container port 0 and 70000',
      (o: Mutable) => (o['spec'].containers[0].ports = [{ containerPort: 0 }, { containerPort: 70000 }]),
      ['spec.containers[0].ports[0].containerPort: Required value', 'spec.containers[0].ports[1].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive'],
    ],
    [
      'activeDeadlineSeconds 0',
      (o: Mutable) => (o['spec'].activeDeadlineSeconds = 0),
      ['spec.activeDeadlineSeconds: Invalid value: 0: must be between 1 and 2147483647, inclusive'],
    ],
    [
      'readiness probe without a handler',
      (o: Mutable) => (o['spec'].containers[0].readinessProbe = { periodSeconds: 5 }),
      ['spec.containers[0].readinessProbe: Required value: must specify a handler type'],
    ],
    [
      'liveness probe with successThreshold 2',
      (o: Mutable) => (o['spec'].containers[0].livenessProbe = { tcpSocket: { port: 80 }, successThreshold: 2 }),
      ['spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1'],
    ],
    [
      'terminationGracePeriodSeconds as a fraction',
      (o: Mutable) => (o['spec'].terminationGracePeriodSeconds = 2.5),
      ['spec.terminationGracePeriodSeconds: Invalid value: 2.5: must be an integer'],
    ],
  ])('rejects %s', (_name, mutate, expected) => {
    expect(create(pod(mutate))).toEqual(expected);
  });

  it('fails admission of the pods of a StatefulSet whose name is too long (statefulset.md §1.5)', () => {
    const set = 's'.repeat(63);
    const podName = `${set}-0`;
    const p = pod((o) => {
      o['metadata'].labels = {
        app: 'nginx',
        'statefulset.kubernetes.io/pod-name': podName,
        'apps.kubernetes.io/pod-index': '0',
        'controller-revision-hash': `${set}-c77f6d978`,
      };
      o['spec'].hostname = podName;
      o['spec'].subdomain = 'nginx';
    }, podName);
    expect(create(p)).toEqual([
      `metadata.labels: Invalid value: "${podName}": must be no more than 63 bytes`,
      `metadata.labels: Invalid value: "${set}-c77f6d978": must be no more than 63 bytes`,
      `spec.hostname: Invalid value: "${podName}": must be no more than 63 characters`,
    ]);
    expect(formatInvalid('Pod', podName, validateCreate(applyDefaults(p, GATE_OFF), GATE_OFF))).toBe(
      `The Pod "${podName}" is invalid: [metadata.labels: Invalid value: "${podName}": must be no more than 63 bytes, metadata.labels: Invalid value: "${set}-c77f6d978": must be no more than 63 bytes, spec.hostname: Invalid value: "${podName}": must be no more than 63 characters]`
    );
  });

  it('a 52-character set name still fits (revision label of 62 characters)', () => {
    const set = 's'.repeat(52);
    const p = pod((o) => {
      o['metadata'].labels = { 'statefulset.kubernetes.io/pod-name': `${set}-0`, 'controller-revision-hash': `${set}-c77f6d978` };
      o['spec'].hostname = `${set}-0`;
    }, `${set}-0`);
    expect(create(p)).toEqual([]);
  });

  describe('updates (ValidatePodUpdate)', () => {
    const stored = applyDefaults(pod(), GATE_OFF);
    const upd = (mutate: (o: Mutable) => void): string[] => {
      const next = JSON.parse(JSON.stringify(stored)) as Mutable;
      mutate(next);
      return messages(validateUpdate(applyDefaults(next as K8sObject, GATE_OFF, stored), stored, GATE_OFF));
    };

    it.each([
      ['the image', (o: Mutable) => (o['spec'].containers[0].image = 'nginx:v2')],
      ['labels', (o: Mutable) => (o['metadata'].labels = { app: 'nginx', extra: 'x' })],
      ['annotations', (o: Mutable) => (o['metadata'].annotations = { note: 'x' })],
      ['an added toleration', (o: Mutable) => o['spec'].tolerations.push({ key: 'k', operator: 'Exists', effect: 'NoSchedule' })],
      ['a tolerationSeconds change', (o: Mutable) => (o['spec'].tolerations[0].tolerationSeconds = 60)],
      ['activeDeadlineSeconds from unset', (o: Mutable) => (o['spec'].activeDeadlineSeconds = 100)],
      ['status', (o: Mutable) => (o['status'] = { phase: 'Running' })],
    ])('accepts a change of %s', (_name, mutate) => {
      expect(upd(mutate)).toEqual([]);
    });

    it.each([
      ['the command', (o: Mutable) => (o['spec'].containers[0].command = ['sleep']), [POD_FORBIDDEN]],
      ['restartPolicy', (o: Mutable) => (o['spec'].restartPolicy = 'Never'), [POD_FORBIDDEN]],
      ['nodeName', (o: Mutable) => (o['spec'].nodeName = 'node-2'), [POD_FORBIDDEN]],
      ['terminationGracePeriodSeconds', (o: Mutable) => (o['spec'].terminationGracePeriodSeconds = 10), [POD_FORBIDDEN]],
      [
        'the container list',
        (o: Mutable) => o['spec'].containers.push({ name: 'side', image: 'busybox' }),
        ['spec.containers: Forbidden: pod updates may not add or remove containers'],
      ],
      ['the image to empty', (o: Mutable) => (o['spec'].containers[0].image = ''), ['spec.containers[0].image: Required value']],
    ])('rejects a change of %s', (_name, mutate, expected) => {
      expect(upd(mutate)).toEqual(expected);
    });

    it('rejects modifying an existing toleration', () => {
      const withTol = applyDefaults(pod((o) => (o['spec'].tolerations = [{ key: 'dedicated', operator: 'Equal', value: 'db', effect: 'NoSchedule' }])), GATE_OFF);
      const next = JSON.parse(JSON.stringify(withTol)) as Mutable;
      next['spec'].tolerations[0].value = 'web';
      expect(messages(validateUpdate(next as K8sObject, withTol, GATE_OFF))).toEqual([
        'spec.tolerations: Forbidden: existing toleration can not be modified except its tolerationSeconds',
      ]);
    });

    it('rejects raising activeDeadlineSeconds', () => {
      const withDeadline = applyDefaults(pod((o) => (o['spec'].activeDeadlineSeconds = 100)), GATE_OFF);
      const next = JSON.parse(JSON.stringify(withDeadline)) as Mutable;
      next['spec'].activeDeadlineSeconds = 200;
      expect(messages(validateUpdate(next as K8sObject, withDeadline, GATE_OFF))).toEqual([
        'spec.activeDeadlineSeconds: Invalid value: 200: must be less than or equal to previous value',
      ]);
    });

    it('allows setting a negative grace period to 1', () => {
      const old = JSON.parse(JSON.stringify(stored)) as Mutable;
      old['spec'].terminationGracePeriodSeconds = -1;
      const next = JSON.parse(JSON.stringify(stored)) as Mutable;
      next['spec'].terminationGracePeriodSeconds = 1;
      expect(messages(validateUpdate(next as K8sObject, old as K8sObject, GATE_OFF))).toEqual([]);
    });
  });
});

describe('PersistentVolumeClaim', () => {

  it('accepts a claim', () => {
    expect(create(pvc())).toEqual([]);
  });

  it.each([
    ['no access modes', (o: Mutable) => (o['spec'].accessModes = []), ['spec.accessModes: Required value: at least 1 access mode is required']],
    [
      'an unknown access mode',
      (o: Mutable) => (o['spec'].accessModes = ['ReadWriteSometimes']),
      ['spec.accessModes: Unsupported value: "ReadWriteSometimes": supported values: "ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"'],
    ],
    [
      'ReadWriteOncePod with another mode',
      (o: Mutable) => (o['spec'].accessModes = ['ReadWriteOncePod', 'ReadWriteOnce']),
      ['spec.accessModes: Forbidden: may not use ReadWriteOncePod with other access modes'],
    ],
    ['no storage request', (o: Mutable) => (o['spec'].resources = {}), ['spec.resources[storage]: Required value']],
    ['a zero storage request', (o: Mutable) => (o['spec'].resources.requests.storage = '0'), ['spec.resources[storage]: Invalid value: "0": must be greater than zero']],
    ['a negative storage request', (o: Mutable) => (o['spec'].resources.requests.storage = '-1Gi'), ['spec.resources[storage]: Invalid value: "-1Gi": must be greater than zero']],
    ['an unparsable quantity', (o: Mutable) => (o['spec'].resources.requests.storage = '1GB'), [`spec.resources.requests[storage]: Invalid value: "1GB": ${QUANTITY_FORMAT}`]],
    [
      'volumeMode Raw',
      (o: Mutable) => (o['spec'].volumeMode = 'Raw'),
      ['spec.volumeMode: Unsupported value: "Raw": supported values: "Block", "Filesystem"'],
    ],
    ['storageClassName with capitals', (o: Mutable) => (o['spec'].storageClassName = 'Fast'), [`spec.storageClassName: Invalid value: "Fast": ${DNS_SUBDOMAIN_MSG}`]],
  ])('rejects %s', (_name, mutate, expected) => {
    expect(create(pvc(mutate))).toEqual(expected);
  });


  it('accepts growing a bound claim and binding a claim once', () => {
    const old = bound('1Gi', '1Gi');
    const grown = JSON.parse(JSON.stringify(old)) as Mutable;
    grown['spec'].resources.requests.storage = '2Gi';
    expect(messages(validateUpdate(grown as K8sObject, old, GATE_OFF))).toEqual([]);
    const unbound = applyDefaults(pvc(), GATE_OFF);
    const binding = JSON.parse(JSON.stringify(unbound)) as Mutable;
    binding['spec'].volumeName = 'pv-1';
    binding['spec'].storageClassName = 'standard';
    expect(messages(validateUpdate(binding as K8sObject, unbound, GATE_OFF))).toEqual([]);
  });

  it('rejects shrinking a bound claim to its capacity or below', () => {
    const old = bound('2Gi', '1Gi');
    const shrunk = JSON.parse(JSON.stringify(old)) as Mutable;
    shrunk['spec'].resources.requests.storage = '1Gi';
    expect(messages(validateUpdate(shrunk as K8sObject, old, GATE_OFF))).toEqual([
      'spec.resources.requests.storage: Forbidden: field can not be less than status.capacity',
    ]);
  });

  it('rejects other spec changes and any change of an unbound claim', () => {
    expect(update(pvc((o) => (o['spec'].accessModes = ['ReadWriteMany'])), pvc())).toEqual([
      'spec: Forbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims',
    ]);
    expect(update(pvc((o) => (o['spec'].resources.requests.storage = '2Gi')), pvc())).toEqual([
      'spec: Forbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims',
    ]);
    expect(update(pvc((o) => (o['spec'].volumeMode = 'Block')), pvc())).toEqual([
      'spec: Forbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims',
      'volumeMode: Invalid value: "Block": field is immutable',
    ]);
  });
});

describe('PersistentVolume', () => {

  it('accepts a hostPath volume and a local volume with node affinity', () => {
    expect(create(pv())).toEqual([]);
    expect(
      create(
        pv((o) => {
          delete o['spec'].hostPath;
          o['spec'].local = { path: '/mnt/disk' };
          o['spec'].nodeAffinity = { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['node-1'] }] }] } };
        })
      )
    ).toEqual([]);
  });

  it.each([
    ['no capacity', (o: Mutable) => delete o['spec'].capacity, ['spec.capacity: Required value', 'spec.capacity: Unsupported value: null: supported values: "storage"']],
    [
      'a capacity other than storage',
      (o: Mutable) => (o['spec'].capacity = { storage: '1Gi', cpu: '1' }),
      ['spec.capacity: Unsupported value: {"cpu":"1","storage":"1Gi"}: supported values: "storage"'],
    ],
    ['zero capacity', (o: Mutable) => (o['spec'].capacity = { storage: '0' }), ['spec.capacity[storage]: Invalid value: "0": must be greater than zero']],
    ['no access modes', (o: Mutable) => delete o['spec'].accessModes, ['spec.accessModes: Required value']],
    ['no volume source', (o: Mutable) => delete o['spec'].hostPath, ['spec: Required value: must specify a volume type']],
    [
      'two volume sources',
      (o: Mutable) => (o['spec'].nfs = { server: 'nfs.local', path: '/exports' }),
      ['spec.nfs: Forbidden: may not specify more than 1 volume type'],
    ],
    [
      'reclaim policy Keep',
      (o: Mutable) => (o['spec'].persistentVolumeReclaimPolicy = 'Keep'),
      ['spec.persistentVolumeReclaimPolicy: Unsupported value: "Keep": supported values: "Delete", "Recycle", "Retain"'],
    ],
    [
      'a local volume without node affinity',
      (o: Mutable) => {
        delete o['spec'].hostPath;
        o['spec'].local = { path: '/mnt/disk' };
      },
      ['spec.nodeAffinity: Required value: Local volume requires node affinity'],
    ],
    ['a hostPath without a path', (o: Mutable) => (o['spec'].hostPath = {}), ['spec.hostPath.path: Required value']],
    ['a claimRef that is not an object', (o: Mutable) => (o['spec'].claimRef = 'www-web-0'), ['spec.claimRef: Invalid value: "www-web-0": must be of type object']],
    [
      'a claimRef name that is not a string',
      (o: Mutable) => (o['spec'].claimRef = { namespace: 'default', name: 5 }),
      ['spec.claimRef.name: Invalid value: 5: must be of type string'],
    ],
  ])('rejects %s', (_name, mutate, expected) => {
    expect(create(pv(mutate))).toEqual(expected);
  });

  it('lets a claimRef and status change but not the source or volumeMode', () => {
    expect(update(pv((o) => (o['spec'].claimRef = { kind: 'PersistentVolumeClaim', namespace: 'default', name: 'www-web-0', uid: 'u1' })), pv())).toEqual([]);
    expect(update(pv((o) => (o['spec'].hostPath = { path: '/elsewhere' })), pv())).toEqual([
      'spec.persistentvolumesource: Forbidden: spec.persistentvolumesource is immutable after creation',
    ]);
    expect(update(pv((o) => (o['spec'].volumeMode = 'Block')), pv())).toEqual(['volumeMode: Invalid value: "Block": field is immutable']);
  });
});

describe('StorageClass', () => {
  it('accepts a class', () => {
    expect(create(sc({ volumeBindingMode: 'WaitForFirstConsumer', parameters: { type: 'ssd' } }))).toEqual([]);
  });

  it.each([
    ['no provisioner', { provisioner: '' }, ['provisioner: Required value']],
    ['reclaimPolicy Recycle', { reclaimPolicy: 'Recycle' }, ['reclaimPolicy: Unsupported value: "Recycle": supported values: "Delete", "Retain"']],
    [
      'volumeBindingMode Lazy',
      { volumeBindingMode: 'Lazy' },
      ['volumeBindingMode: Unsupported value: "Lazy": supported values: "Immediate", "WaitForFirstConsumer"'],
    ],
  ])('rejects %s', (_name, extra, expected) => {
    expect(create(sc(extra))).toEqual(expected);
  });

  it.each([
    ['parameters', { parameters: { type: 'hdd' } }, ['parameters: Forbidden: updates to parameters are forbidden.']],
    ['provisioner', { provisioner: 'other.io/p' }, ['provisioner: Forbidden: updates to provisioner are forbidden.']],
    ['reclaimPolicy', { reclaimPolicy: 'Retain' }, ['reclaimPolicy: Forbidden: updates to reclaimPolicy are forbidden.']],
    ['volumeBindingMode', { volumeBindingMode: 'Immediate' }, ['volumeBindingMode: Invalid value: "Immediate": field is immutable']],
    ['allowVolumeExpansion', { allowVolumeExpansion: true }, []],
  ])('update of %s', (_name, extra, expected) => {
    const old = sc({ parameters: { type: 'ssd' }, volumeBindingMode: 'WaitForFirstConsumer' });
    const next = sc({ parameters: { type: 'ssd' }, volumeBindingMode: 'WaitForFirstConsumer', ...extra });
    expect(update(next, old)).toEqual(expected);
  });
});

describe('Service', () => {

  it('accepts a headless Service and a ClusterIP Service', () => {
    expect(create(svc())).toEqual([]);
    expect(create(svc((o) => (o['spec'].clusterIP = '10.96.0.12')))).toEqual([]);
  });

  it.each([
    ['no ports on a ClusterIP Service', (o: Mutable) => {
      o['spec'].clusterIP = '10.96.0.12';
      o['spec'].ports = [];
    }, ['spec.ports: Required value']],
    ['port 0', (o: Mutable) => (o['spec'].ports = [{ port: 0 }]), ['spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive', 'spec.ports[0].targetPort: Invalid value: 0: must be between 1 and 65535, inclusive']],
    ['port 65536', (o: Mutable) => (o['spec'].ports = [{ port: 65536, targetPort: 80 }]), ['spec.ports[0].port: Invalid value: 65536: must be between 1 and 65535, inclusive']],
    ['two ports without names', (o: Mutable) => (o['spec'].ports = [{ port: 80 }, { port: 443 }]), ['spec.ports[0].name: Required value', 'spec.ports[1].name: Required value']],
    ['duplicate port names', (o: Mutable) => (o['spec'].ports = [{ name: 'web', port: 80 }, { name: 'web', port: 443 }]), ['spec.ports[1].name: Duplicate value: "web"']],
    [
      'duplicate port numbers',
      (o: Mutable) => (o['spec'].ports = [{ name: 'a', port: 80 }, { name: 'b', port: 80 }]),
      ['spec.ports[1]: Duplicate value: {"Name":"","Protocol":"TCP","AppProtocol":null,"Port":80,"TargetPort":0,"NodePort":0}'],
    ],
    [
      'type Headless',
      (o: Mutable) => (o['spec'].type = 'Headless'),
      ['spec.type: Unsupported value: "Headless": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"'],
    ],
    ['an invalid selector value', (o: Mutable) => (o['spec'].selector = { app: 'ngin x' }), [`spec.selector: Invalid value: "ngin x": ${LABEL_VALUE_MSG}`]],
    ['a name starting with a digit', (o: Mutable) => (o['metadata'].name = '1nginx'), [`metadata.name: Invalid value: "1nginx": ${DNS1035_MSG}`]],
    [
      'protocol HTTP',
      (o: Mutable) => (o['spec'].ports = [{ name: 'web', port: 80, protocol: 'HTTP' }]),
      ['spec.ports[0].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"'],
    ],
  ])('rejects %s', (_name, mutate, expected) => {
    expect(create(svc(mutate))).toEqual(expected);
  });

  it('keeps the ClusterIP immutable', () => {
    const old = svc((o) => (o['spec'].clusterIP = '10.96.0.12'));
    expect(update(svc((o) => {
      o['spec'].clusterIP = '10.96.0.12';
      o['spec'].ports = [{ name: 'web', port: 8080 }];
    }), old)).toEqual([]);
    expect(update(svc((o) => delete o['spec'].clusterIP), old)).toEqual([]);
    // As kubectl apply merges it: clusterIPs carried over from the live object, clusterIP edited.
    expect(update(svc((o) => {
      o['spec'].clusterIP = '10.96.0.99';
      o['spec'].clusterIPs = ['10.96.0.12'];
    }), old)).toEqual(['spec.clusterIPs[0]: Invalid value: ["10.96.0.99"]: may not change once set']);
    // As a full replace without clusterIPs: upstream's normalizeClusterIPs leaves clusterIPs empty.
    expect(update(svc((o) => (o['spec'].clusterIP = '10.96.0.99')), old)).toEqual([
      'spec.clusterIPs[0]: Invalid value: []: primary clusterIP can not be unset',
      'spec.clusterIPs: Required value',
    ]);
  });
});

describe('other kinds', () => {
  it('Namespace names are DNS labels', () => {
    expect(create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team.a' } })).toEqual([
      'metadata.name: Invalid value: "team.a": must not contain dots',
    ]);
  });

  it('ConfigMap keys and immutability', () => {
    expect(create(cmData({ 'bad key': 'x' }))).toEqual([
      "data[bad key]: Invalid value: \"bad key\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
    ]);
    expect(update(cmData({ a: '2' }, true), cmData({ a: '1' }, true))).toEqual(['data: Forbidden: field is immutable when `immutable` is set']);
    expect(update(cmData({ a: '2' }), cmData({ a: '1' }))).toEqual([]);
  });

  it('ControllerRevision data is mandatory and immutable', () => {
    expect(create(cr(null))).toEqual(['data: Required value: data is mandatory']);
    expect(update(cr({ spec: { a: 2 } }), cr({ spec: { a: 1 } }))).toEqual(['data: Invalid value: {"spec":{"a":2}}: field is immutable']);
  });

  it('Endpoints, EndpointSlice and Event get light validation', () => {
    expect(create({ apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'nginx', namespace: 'default' }, subsets: [{ ports: [{ port: 80 }] }] })).toEqual([
      'subsets[0]: Required value: must specify `addresses` or `notReadyAddresses`',
    ]);
    expect(create({ apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { name: 'nginx-abc', namespace: 'default' }, addressType: 'IPv5', endpoints: [] })).toEqual([
      'addressType: Unsupported value: "IPv5": supported values: "FQDN", "IPv4", "IPv6"',
    ]);
    expect(
      create({ apiVersion: 'v1', kind: 'Event', metadata: { name: 'web.1', namespace: 'default' }, involvedObject: { kind: 'StatefulSet', name: 'web', namespace: 'default' }, type: 'Normal', reason: 'SuccessfulCreate' })
    ).toEqual([]);
  });

  it('Node names are DNS subdomains', () => {
    expect(create({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-1' } })).toEqual([]);
    expect(create({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'Node_1' } })).toEqual([
      `metadata.name: Invalid value: "Node_1": ${DNS_SUBDOMAIN_MSG}`,
    ]);
  });
});

describe('formatInvalid (errors.NewInvalid as kubectl prints it)', () => {
  it('formats one error', () => {
    expect(formatInvalid('StatefulSet', 'web', [{ field: 'spec.replicas', detail: 'Invalid value: -1: must be greater than or equal to 0' }])).toBe(
      'The StatefulSet "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0'
    );
  });

  it('joins several errors in brackets and drops exact repeats', () => {
    const a = { field: 'spec.selector', detail: 'Required value' };
    const b = { field: 'spec.replicas', detail: 'Invalid value: -1: must be greater than or equal to 0' };
    expect(formatInvalid('StatefulSet', 'web', [a, b, a])).toBe(
      'The StatefulSet "web" is invalid: [spec.selector: Required value, spec.replicas: Invalid value: -1: must be greater than or equal to 0]'
    );
  });

  it('formats no errors and quotes names like Go', () => {
    expect(formatInvalid('Pod', 'web-0', [])).toBe('The Pod "web-0" is invalid');
    expect(formatInvalid('Pod', 'a"b', [])).toBe('The Pod "a\\"b" is invalid');
  });

  it('formats the SS-50 immutable-field rejection as statefulset.md §6.3 quotes it', () => {
    const errs = validateUpdate(sts((o) => (o['spec'].serviceName = 'other')), sts(), GATE_OFF);
    expect(formatInvalid('StatefulSet', 'web', errs)).toBe(`The StatefulSet "web" is invalid: ${STS_FORBIDDEN}`);
  });
});
