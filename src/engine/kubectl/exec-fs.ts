/**
 * A container's file system as `kubectl exec` sees it: the image's root file system with a writable
 * layer, plus the pod's volume mounts. PersistentVolume mounts read and write the engine's
 * `state.volumes[pvName]` (so data outlives the pod, as on a real disk); emptyDir volumes and the
 * writable layer live only as long as the pod (and its container instance).
 *
 * Stores map paths relative to their root (`index.html`, `a/b.txt`) to file contents; a key ending
 * in `/` marks an (otherwise empty) directory.
 */

export interface Mount {
  /** Absolute mount path, normalised (`/usr/share/nginx/html`, `/` for the root file system). */
  path: string;
  store: Record<string, string>;
  /** A sub-path inside the store (volumeMounts[].subPath), without slashes around it. */
  prefix?: string;
  readOnly?: boolean;
  /** Bytes the store may hold (the volume's size, capped by the playground); writes past it fail with ENOSPC. */
  capacity?: number;
}

export type WriteError = 'nodir' | 'isdir' | 'readonly' | 'nospace';

/**
 * The playground's disk: no writable store (a container's layer, an emptyDir, a PersistentVolume)
 * holds more than this, whatever its declared size, so a `cat f f >> f` loop cannot fill the tab's
 * memory or a snapshot. Writes past it fail as on a full disk: "No space left on device".
 */
export const PLAYGROUND_VOLUME_BYTES = 1024 * 1024;
/** All PersistentVolumes together (they live in the cluster state, so in every snapshot). */
export const PLAYGROUND_VOLUMES_TOTAL_BYTES = 16 * 1024 * 1024;

/** UTF-8 bytes of a store's contents (keys count too: a directory entry takes space on a real disk). */
export function storeBytes(store: Record<string, string>): number {
  let bytes = 0;
  for (const [key, value] of Object.entries(store)) bytes += utf8Length(key) + utf8Length(value);
  return bytes;
}

function truncateUtf8(text: string, bytes: number): string {
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (utf8Length(text.slice(0, mid)) <= bytes) lo = mid;
    else hi = mid - 1;
  }
  return text.slice(0, lo);
}

function utf8Length(text: string): number {
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0x80) bytes += code >= 0x800 && (code < 0xd800 || code > 0xdfff) ? 2 : 1;
  }
  return bytes;
}

/** Resolves `.`/`..` and makes the path absolute against `cwd`. */
export function normalize(path: string, cwd = '/'): string {
  const parts: string[] = [];
  const full = path.startsWith('/') ? path : `${cwd}/${path}`;
  for (const part of full.split('/')) {
    if (!part || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return `/${parts.join('/')}`;
}

function join(prefix: string | undefined, rel: string): string {
  if (!prefix) return rel;
  return rel ? `${prefix}/${rel}` : prefix;
}

export class PodFs {
  private readonly mounts: Mount[];

  constructor(mounts: Mount[]) {
    this.mounts = [...mounts].sort((a, b) => b.path.length - a.path.length);
  }

  /** The mount holding an absolute path, and the path relative to that store. */
  private locate(abs: string): { mount: Mount; rel: string } {
    for (const mount of this.mounts) {
      if (mount.path === '/') return { mount, rel: join(mount.prefix, abs.slice(1)) };
      if (abs === mount.path) return { mount, rel: join(mount.prefix, '') };
      if (abs.startsWith(`${mount.path}/`)) return { mount, rel: join(mount.prefix, abs.slice(mount.path.length + 1)) };
    }
    throw new Error('no root mount');
  }

  private isMountPoint(abs: string): boolean {
    return this.mounts.some((m) => m.path === abs);
  }

  read(abs: string): string | undefined {
    const { mount, rel } = this.locate(abs);
    if (rel === '' || rel.endsWith('/')) return undefined;
    return mount.store[rel];
  }

  isFile(abs: string): boolean {
    return this.read(abs) !== undefined;
  }

  isDir(abs: string): boolean {
    if (abs === '/' || this.isMountPoint(abs)) return true;
    if (this.mounts.some((m) => m.path.startsWith(`${abs}/`))) return true;
    const { mount, rel } = this.locate(abs);
    if (rel === '' || rel === mount.prefix) return true;
    if (`${rel}/` in mount.store) return true;
    return Object.keys(mount.store).some((k) => k.startsWith(`${rel}/`));
  }

  exists(abs: string): boolean {
    return this.isFile(abs) || this.isDir(abs);
  }

  /** Names directly inside a directory, sorted; undefined when it is not a directory. */
  list(abs: string): string[] | undefined {
    if (!this.isDir(abs)) return undefined;
    const names = new Set<string>();
    const { mount, rel } = this.locate(abs);
    const base = rel ? `${rel}/` : '';
    for (const key of Object.keys(mount.store)) {
      if (!key.startsWith(base) || key === base) continue;
      const rest = key.slice(base.length);
      const name = rest.split('/')[0];
      if (name) names.add(name);
    }
    const dirPrefix = abs === '/' ? '/' : `${abs}/`;
    for (const m of this.mounts) {
      if (m.path !== abs && m.path.startsWith(dirPrefix)) {
        const name = m.path.slice(dirPrefix.length).split('/')[0];
        if (name) names.add(name);
      }
    }
    return [...names].sort();
  }

  private parentOk(abs: string): boolean {
    const parent = abs.slice(0, abs.lastIndexOf('/')) || '/';
    return this.isDir(parent);
  }

  write(abs: string, content: string, append = false): WriteError | undefined {
    if (this.isDir(abs)) return 'isdir';
    if (!this.parentOk(abs)) return 'nodir';
    const { mount, rel } = this.locate(abs);
    if (mount.readOnly) return 'readonly';
    const previous = mount.store[rel];
    const next = append ? (previous ?? '') + content : content;
    if (utf8Length(next) > utf8Length(previous ?? '')) {
      const capacity = Math.min(mount.capacity ?? PLAYGROUND_VOLUME_BYTES, PLAYGROUND_VOLUME_BYTES);
      const others = storeBytes(mount.store) - (previous === undefined ? 0 : utf8Length(rel) + utf8Length(previous));
      const room = capacity - others - utf8Length(rel);
      if (utf8Length(next) > room) {
        // A real write fills the disk to its last block, then fails: the file keeps what fitted.
        if (room >= 0) mount.store[rel] = truncateUtf8(next, Math.max(room, utf8Length(append ? (previous ?? '') : '')));
        return 'nospace';
      }
    }
    mount.store[rel] = next;
    return undefined;
  }

  mkdir(abs: string, parents = false): 'exists' | 'nodir' | 'readonly' | undefined {
    if (this.exists(abs)) return 'exists';
    if (!this.parentOk(abs)) {
      if (!parents) return 'nodir';
      const parent = abs.slice(0, abs.lastIndexOf('/')) || '/';
      const r = this.mkdir(parent, true);
      if (r && r !== 'exists') return r;
    }
    const { mount, rel } = this.locate(abs);
    if (mount.readOnly) return 'readonly';
    mount.store[`${rel}/`] = '';
    return undefined;
  }

  /** Removes a file (or, with recursive, a directory tree). */
  remove(abs: string, recursive = false): 'missing' | 'isdir' | 'readonly' | 'busy' | undefined {
    if (this.isFile(abs)) {
      const { mount, rel } = this.locate(abs);
      if (mount.readOnly) return 'readonly';
      delete mount.store[rel];
      this.keepParent(abs);
      return undefined;
    }
    if (!this.isDir(abs)) return 'missing';
    if (!recursive) return 'isdir';
    if (this.isMountPoint(abs) || abs === '/') {
      // Emptying a mount point removes its contents but not the mount itself.
      const { mount, rel } = this.locate(abs);
      if (mount.readOnly) return 'readonly';
      for (const key of Object.keys(mount.store)) if (!rel || key.startsWith(`${rel}/`)) delete mount.store[key];
      return 'busy';
    }
    const { mount, rel } = this.locate(abs);
    if (mount.readOnly) return 'readonly';
    for (const key of Object.keys(mount.store)) if (key === `${rel}/` || key.startsWith(`${rel}/`)) delete mount.store[key];
    this.keepParent(abs);
    return undefined;
  }

  /** A directory whose last file went keeps existing (stores only know files). */
  private keepParent(abs: string): void {
    const parent = abs.slice(0, abs.lastIndexOf('/')) || '/';
    if (parent === '/' || this.isMountPoint(parent) || this.isDir(parent)) return;
    const { mount, rel } = this.locate(parent);
    mount.store[`${rel}/`] = '';
  }

  /** Moves a file (directories too, within one store). */
  move(from: string, to: string): 'missing' | 'nodir' | 'readonly' | 'busy' | 'nospace' | undefined {
    let target = to;
    if (this.isDir(target)) target = `${target === '/' ? '' : target}/${from.slice(from.lastIndexOf('/') + 1)}`;
    if (this.isFile(from)) {
      const content = this.read(from) ?? '';
      const w = this.write(target, content);
      if (w === 'nodir') return 'nodir';
      if (w === 'readonly') return 'readonly';
      if (w === 'isdir') return 'busy';
      if (w === 'nospace') return 'nospace';
      const r = this.remove(from);
      return r === 'readonly' ? 'readonly' : undefined;
    }
    if (!this.isDir(from)) return 'missing';
    if (this.isMountPoint(from)) return 'busy';
    if (!this.parentOk(target)) return 'nodir';
    const src = this.locate(from);
    const dst = this.locate(target);
    if (src.mount.readOnly || dst.mount.readOnly) return 'readonly';
    for (const key of Object.keys(src.mount.store)) {
      if (key === `${src.rel}/` || key.startsWith(`${src.rel}/`)) {
        dst.mount.store[`${dst.rel}${key.slice(src.rel.length)}`] = src.mount.store[key] ?? '';
        delete src.mount.store[key];
      }
    }
    dst.mount.store[`${dst.rel}/`] ??= '';
    return undefined;
  }
}
