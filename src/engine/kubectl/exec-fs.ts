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
}

export type WriteError = 'nodir' | 'isdir' | 'readonly';

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
    mount.store[rel] = append ? (mount.store[rel] ?? '') + content : content;
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
  move(from: string, to: string): 'missing' | 'nodir' | 'readonly' | 'busy' | undefined {
    let target = to;
    if (this.isDir(target)) target = `${target === '/' ? '' : target}/${from.slice(from.lastIndexOf('/') + 1)}`;
    if (this.isFile(from)) {
      const content = this.read(from) ?? '';
      const w = this.write(target, content);
      if (w === 'nodir') return 'nodir';
      if (w === 'readonly') return 'readonly';
      if (w === 'isdir') return 'busy';
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
