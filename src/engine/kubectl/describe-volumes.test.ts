/** kubectl describe: the per-source volume lines of describe.go's describeVolumes and the PV Source block. */
import { describe, expect, it } from 'vitest';
import { createCluster } from '../index.ts';

const POD = `apiVersion: v1
kind: Pod
metadata:
  name: vols
spec:
  automountServiceAccountToken: false
  containers:
  - name: app
    image: registry.k8s.io/nginx-slim:0.24
  volumes:
  - name: share
    nfs:
      server: 10.0.0.5
      path: /srv/nfs
  - name: info
    downwardAPI:
      items:
      - path: labels
        fieldRef:
          fieldPath: metadata.labels
      - path: cpu
        resourceFieldRef:
          containerName: app
          resource: limits.cpu
  - name: driver
    csi:
      driver: csi.example.com
      volumeAttributes:
        size: small
        tier: gold
  - name: scratch
    ephemeral:
      volumeClaimTemplate:
        metadata:
          labels:
            type: scratch
        spec:
          storageClassName: standard
          accessModes: [ReadWriteOnce]
          resources:
            requests:
              storage: 1Gi
  - name: art
    image:
      reference: quay.io/example/artifact:v1
      pullPolicy: IfNotPresent
`;

describe('kubectl describe pod: volume sources', () => {
  it('prints NFS, DownwardAPI, CSI, ephemeral and image volumes as describe.go does, never <unknown>', () => {
    const c = createCluster();
    const applied = c.apply(POD);
    expect(applied.ok, JSON.stringify(applied)).toBe(true);
    const r = c.kubectl('describe pod vols');
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('<unknown>');
    const start = r.stdout.indexOf('Volumes:\n');
    const end = r.stdout.indexOf('QoS Class:');
    expect(r.stdout.slice(start, end)).toBe(
      [
        'Volumes:',
        '  share:',
        '    Type:      NFS (an NFS mount that lasts the lifetime of a pod)',
        '    Server:    10.0.0.5',
        '    Path:      /srv/nfs',
        '    ReadOnly:  false',
        '  info:',
        '    Type:  DownwardAPI (a volume populated by information about the pod)',
        '    Items:',
        '      metadata.labels -> labels',
        '      limits.cpu -> cpu',
        '  driver:',
        '    Type:              CSI (a Container Storage Interface (CSI) volume source)',
        '    Driver:            csi.example.com',
        '    FSType:            ',
        '    ReadOnly:          false',
        '    VolumeAttributes:      size=small',
        '                           tier=gold',
        '  scratch:',
        '    Type:          EphemeralVolume (an inline specification for a volume that gets created and deleted with the pod)',
        '    StorageClass:  standard',
        '    Volume:        ',
        // printLabelsMultiline through a NestedPrefixWriter indents the first label once more.
        '    Labels:            type=scratch',
        '    Annotations:   <none>',
        '    Capacity:      ',
        '    Access Modes:  ',
        '    VolumeMode:    Filesystem',
        '  art:',
        '    Type:        Image (a container image or OCI artifact)',
        '    Reference:   quay.io/example/artifact:v1',
        '    PullPolicy:  IfNotPresent',
        '',
      ].join('\n')
    );
  });
});

describe('kubectl describe pv: NFS source', () => {
  it('prints the NFS source lines', () => {
    const c = createCluster();
    const pv = `apiVersion: v1
kind: PersistentVolume
metadata:
  name: nfs-pv
spec:
  capacity:
    storage: 1Gi
  accessModes: [ReadWriteMany]
  nfs:
    server: 10.0.0.5
    path: /srv/nfs/pv1
    readOnly: true
`;
    expect(c.apply(pv).ok).toBe(true);
    const r = c.kubectl('describe pv nfs-pv');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      [
        'Source:',
        '    Type:      NFS (an NFS mount that lasts the lifetime of a pod)',
        '    Server:    10.0.0.5',
        '    Path:      /srv/nfs/pv1',
        '    ReadOnly:  true',
      ].join('\n')
    );
  });
});
