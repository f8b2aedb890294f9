/** "Copy link": the session record, the moment shown, language and lesson, in a link's fragment. */
import { useState } from 'react';
import { useT } from '../../i18n/useT.ts';
import { currentLesson } from '../../share/boot.ts';
import { encodeShare, type SharePayload } from '../../share/codec.ts';
import { useSim } from '../../sim/context.ts';
import { useAppStore } from '../../store/index.ts';

export function ShareLink() {
  const t = useT();
  const sim = useSim();
  const link = useAppStore((s) => s.shareLink);
  const [status, setStatus] = useState<'copied' | 'manual' | undefined>(undefined);

  const copy = async () => {
    if (!sim) return;
    const { record, cursor } = await sim.record();
    const store = useAppStore.getState();
    if (!record) {
      store.addNotice('share.unavailable');
      return;
    }
    store.dismissNotice('share.unavailable');
    const payload: SharePayload = { record, cursor, lang: store.lang };
    const lesson = currentLesson();
    if (lesson) payload.lesson = lesson;
    const url = new URL(location.href);
    url.hash = '';
    const made = `${url.toString().replace(/#$/, '')}${await encodeShare(payload)}`;
    store.setShareLink(made);
    try {
      await navigator.clipboard.writeText(made);
      setStatus('copied');
    } catch {
      // No clipboard here (permissions, insecure origin): the field holds the link, selected.
      setStatus('manual');
    }
  };

  return (
    <span className="share">
      <button type="button" data-action="copy-link" onClick={() => void copy()} disabled={!sim}>
        {t('share.copy')}
      </button>
      {link ? (
        <input
          className="share-field"
          readOnly
          data-share-link=""
          value={link}
          aria-label={t('share.field')}
          onFocus={(e) => e.currentTarget.select()}
        />
      ) : null}
      <span className="share-status" role="status">
        {status && link ? t(status === 'copied' ? 'share.copied' : 'share.manual', { chars: link.length }) : ''}
      </span>
    </span>
  );
}
