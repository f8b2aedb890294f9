/** localStorage that never throws: blocked storage (sandboxed iframes, private modes) just means no persistence. */
const PREFIX = 'statefulset-playground:v1:';

export function load(key: string): string | undefined {
  try {
    return globalThis.localStorage?.getItem(PREFIX + key) ?? undefined;
  } catch {
    return undefined;
  }
}

/** Returns false when the browser refused (blocked or full). */
export function save(key: string, value: string): boolean {
  try {
    globalThis.localStorage.setItem(PREFIX + key, value);
    return true;
  } catch {
    return false;
  }
}

export function remove(key: string): void {
  try {
    globalThis.localStorage.removeItem(PREFIX + key);
  } catch {
    // Nothing to do: storage is unavailable.
  }
}

export function storageAvailable(): boolean {
  try {
    const probe = `${PREFIX}probe`;
    globalThis.localStorage.setItem(probe, '1');
    globalThis.localStorage.removeItem(probe);
    return true;
  } catch {
    return false;
  }
}
