/**
 * Opening a share link: the `#s=` fragment is read once at start-up (then removed from the address,
 * so a reload restores the saved session as usual). A malformed or too-new link says so in a notice,
 * and the page opens the default example.
 */
import type { SessionRecord } from '../../worker/protocol.ts';
import type { Lang } from '../i18n/index.ts';
import { useAppStore } from '../store/index.ts';
import { decodeShare, shareFragment } from './codec.ts';

export type SharedSession =
  | { ok: true; record: SessionRecord; cursor: number; lang: Lang | undefined; lesson: string | undefined; editorYaml: string }
  | { ok: false };

/** The YAML the editor held last: the latest applied or `-f` text, else the session's first. */
function lastYaml(record: SessionRecord): string {
  for (let i = record.actions.length - 1; i >= 0; i--) {
    const a = record.actions[i];
    if (a?.type === 'apply') return a.yaml;
    if (a?.type === 'kubectl' && a.yaml !== undefined) return a.yaml;
  }
  return record.yaml;
}

/** The session in the address's share fragment, if there is one (undefined: an ordinary visit). */
export async function readShareLink(): Promise<SharedSession | undefined> {
  const fragment = shareFragment(location.hash);
  if (!fragment) return undefined;
  const url = new URL(location.href);
  url.hash = '';
  const decoded = await decodeShare(fragment);
  if (!decoded.ok) {
    history.replaceState(null, '', url);
    useAppStore.getState().addNotice(decoded.reason === 'tooNew' ? 'share.tooNew' : 'share.malformed');
    return { ok: false };
  }
  const { record, cursor, lang, lesson } = decoded.payload;
  // The lesson opens as `?lesson=` would (the lessons read the address).
  if (lesson && !url.searchParams.has('lesson')) url.searchParams.set('lesson', lesson);
  history.replaceState(null, '', url);
  return { ok: true, record, cursor, lang: lang === 'en' || lang === 'zh-CN' ? lang : undefined, lesson, editorYaml: lastYaml(record) };
}

/** The lesson to name in a link: the store's lesson slice when there is one, else the address. */
export function currentLesson(): string | undefined {
  const fromStore = useAppStore.getState().lesson?.id;
  if (fromStore) return fromStore;
  return new URLSearchParams(location.search).get('lesson') ?? undefined;
}
