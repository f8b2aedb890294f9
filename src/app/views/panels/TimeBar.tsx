/** Play, pause, step, speed and reset: virtual time for classroom demos. */
import { useT } from '../../i18n/useT.ts';
import { useSim } from '../../sim/context.ts';
import { useAppStore } from '../../store/index.ts';
import { selectPlaying, selectSpeed, selectView, selectYaml } from '../../store/selectors.ts';

export const SPEEDS = [0.25, 0.5, 1, 2, 5, 10, 25, 50, 100];

function clock(ms: number): string {
  const s = Math.floor(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  return `${h > 0 ? `${h}:` : ''}${String(m).padStart(h > 0 ? 2 : 1, '0')}:${String(sec).padStart(2, '0')}`;
}

export function TimeBar() {
  const t = useT();
  const sim = useSim();
  const playing = useAppStore(selectPlaying);
  const speed = useAppStore(selectSpeed);
  const time = useAppStore((s) => selectView(s)?.time ?? 0);
  const yaml = useAppStore(selectYaml);
  return (
    <div className="timebar" role="toolbar" aria-label={t('time.clock')}>
      <button type="button" className="primary" onClick={() => sim?.playback(!playing, speed)} aria-keyshortcuts="Alt+P">
        {playing ? t('time.pause') : t('time.play')}
      </button>
      <button type="button" onClick={() => void sim?.step()} disabled={playing} aria-keyshortcuts="Alt+N">
        {t('time.step')}
      </button>
      <label className="speed">
        {t('time.speed')}{' '}
        <select value={speed} onChange={(e) => sim?.playback(playing, Number(e.target.value))}>
          {SPEEDS.map((s) => (
            <option key={s} value={s}>
              {s}×
            </option>
          ))}
        </select>
      </label>
      <button type="button" onClick={() => void sim?.reset(useAppStore.getState().appliedYaml ?? yaml)}>
        {t('time.reset')}
      </button>
      <span className="clock" aria-label={t('time.clock')}>
        {t('time.clock')} <output data-testid="clock">{clock(time)}</output>
      </span>
    </div>
  );
}
