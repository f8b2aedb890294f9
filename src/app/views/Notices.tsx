/** The page's notices (restored work, storage problems, a restarted simulation, link problems), each dismissable. */
import { useT } from '../i18n/useT.ts';
import { useAppStore } from '../store/index.ts';
import { selectNotices } from '../store/selectors.ts';
import { reloadKeepingWork } from './ErrorBoundary.tsx';
import './recover.css';

/** Notices that come with a way out. */
const RELOAD_NOTICES = new Set(['app.workerFailed']);

export function Notices() {
  const t = useT();
  const notices = useAppStore(selectNotices);
  const params = useAppStore((s) => s.noticeParams);
  const dismiss = useAppStore((s) => s.dismissNotice);
  if (notices.length === 0) return null;
  return (
    <div className="notices" role="status" data-notices="">
      {notices.map((n) => (
        <p key={n} data-notice={n}>
          <span>{t(n as never, params[n] ?? {})}</span>
          {RELOAD_NOTICES.has(n) ? (
            <button type="button" className="small primary" onClick={() => reloadKeepingWork(false)}>
              {t('notice.reload')}
            </button>
          ) : null}
          <button type="button" className="small notice-close" aria-label={t('notice.dismiss')} title={t('notice.dismiss')} onClick={() => dismiss(n)}>
            ×
          </button>
        </p>
      ))}
    </div>
  );
}
