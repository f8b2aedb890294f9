/**
 * The timeline under the diagram: every change and user action of the session, a cursor to drag (or
 * ←/→ between changes) to any past moment, Space to play or pause, "Continue from here" to fork.
 * The worker rebuilds each moment from its checkpoints and the session record; this only asks.
 */
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent as ReactKeyboardEvent, type PointerEvent as ReactPointerEvent } from 'react';
import { useT } from '../../i18n/useT.ts';
import { useSim } from '../../sim/context.ts';
import type { SimClient } from '../../sim/simClient.ts';
import { useAppStore } from '../../store/index.ts';
import { selectPlaying, selectSpeed } from '../../store/selectors.ts';
import { ShareLink } from './ShareLink.tsx';
import { activity, clockText, fraction, keyBelongsToTarget, nextStop, previousStop, spanOf, stopsOf, type Span } from './timelineModel.ts';
import './timeline.css';

const KIND_CLASS = { apply: 'mark-apply', command: 'mark-command', kubectl: 'mark-kubectl', terminal: 'mark-kubectl' } as const;

/**
 * One seek in flight at a time: a drag asks for many moments, the worker rebuilds only the latest
 * one asked for once the previous is done.
 */
function useSeeker(sim: SimClient | undefined) {
  const busy = useRef(false);
  const wanted = useRef<number | undefined>(undefined);
  return useCallback(
    (time: number) => {
      if (!sim) return;
      wanted.current = time;
      if (busy.current) return;
      const run = async () => {
        busy.current = true;
        while (wanted.current !== undefined) {
          const t = wanted.current;
          wanted.current = undefined;
          await sim.seek(t);
        }
        busy.current = false;
      };
      void run();
    },
    [sim]
  );
}

function Track({ span, shown, past, onSeek }: { span: Span; shown: number; past: boolean; onSeek: (t: number) => void }) {
  const t = useT();
  const info = useAppStore((s) => s.timeline);
  const sim = useSim();
  const ref = useRef<HTMLDivElement>(null);
  const bars = useMemo(() => activity(info?.instants ?? [], span), [info?.instants, span]);
  const peak = Math.max(1, ...bars);
  const stops = useMemo(() => stopsOf(info), [info]);
  const at = fraction(shown, span);

  const timeAt = (clientX: number) => {
    const box = ref.current?.getBoundingClientRect();
    if (!box || box.width <= 0) return shown;
    // Whole virtual milliseconds: a dragged moment reads well in a link.
    return Math.round(span.start + Math.min(1, Math.max(0, (clientX - box.left) / box.width)) * (span.end - span.start));
  };
  const pause = () => {
    const { playing, speed } = useAppStore.getState();
    if (playing) sim?.playback(false, speed);
  };
  const onPointerDown = (e: ReactPointerEvent<HTMLDivElement>) => {
    if (e.button !== 0) return;
    e.currentTarget.setPointerCapture?.(e.pointerId);
    e.currentTarget.focus();
    pause();
    onSeek(timeAt(e.clientX));
  };
  const onPointerMove = (e: ReactPointerEvent<HTMLDivElement>) => {
    if (e.currentTarget.hasPointerCapture?.(e.pointerId)) onSeek(timeAt(e.clientX));
  };
  const onKeyDown = (e: ReactKeyboardEvent<HTMLDivElement>) => {
    if (e.key === ' ') {
      // Space on the timeline plays or pauses, as it does anywhere on the page.
      e.preventDefault();
      const { playing, speed } = useAppStore.getState();
      sim?.playback(!playing, speed);
      return;
    }
    const width = span.end - span.start;
    const target =
      e.key === 'ArrowLeft' || e.key === 'ArrowDown'
        ? previousStop(stops, shown, span)
        : e.key === 'ArrowRight' || e.key === 'ArrowUp'
          ? nextStop(stops, shown, span)
          : e.key === 'Home'
            ? span.start
            : e.key === 'End'
              ? span.end
              : e.key === 'PageUp'
                ? Math.min(span.end, shown + width / 10)
                : e.key === 'PageDown'
                  ? Math.max(span.start, shown - width / 10)
                  : undefined;
    if (target === undefined) return;
    e.preventDefault();
    pause();
    onSeek(target);
  };
  const valueText = t('timeline.valueText', { time: clockText(shown), end: clockText(span.end), state: t(past ? 'timeline.past' : 'timeline.live') });
  return (
    <div
      ref={ref}
      className={past ? 'timeline-track past' : 'timeline-track'}
      role="slider"
      tabIndex={0}
      aria-label={t('timeline.label')}
      aria-valuemin={span.start}
      aria-valuemax={span.end}
      aria-valuenow={shown}
      aria-valuetext={valueText}
      aria-keyshortcuts="ArrowLeft ArrowRight Home End Space"
      data-timeline=""
      data-time={shown}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onKeyDown={onKeyDown}
    >
      <svg viewBox="0 0 1000 40" preserveAspectRatio="none" aria-hidden="true" focusable="false">
        <rect className="timeline-bg" x="0" y="0" width="1000" height="40" />
        {bars.map((n, i) =>
          n > 0 ? (
            <rect key={i} className="timeline-activity" x={(i * 1000) / bars.length} width={1000 / bars.length - 0.5} y={40 - 4 - Math.sqrt(n / peak) * 22} height={Math.sqrt(n / peak) * 22} />
          ) : null
        )}
        {info?.marks.map((m, i) => {
          const x = fraction(m.t, span) * 1000;
          return <line key={i} className={`timeline-mark ${KIND_CLASS[m.kind]}`} x1={x} x2={x} y1={0} y2={40} vectorEffect="non-scaling-stroke" />;
        })}
        {past ? <rect className="timeline-future" x={at * 1000} y="0" width={1000 - at * 1000} height="40" /> : null}
        <line className="timeline-cursor" x1={at * 1000} x2={at * 1000} y1="0" y2="40" vectorEffect="non-scaling-stroke" />
      </svg>
      <span className="timeline-thumb" style={{ left: `${at * 100}%` }} />
    </div>
  );
}

export function Timeline() {
  const t = useT();
  const sim = useSim();
  const info = useAppStore((s) => s.timeline);
  const shown = useAppStore((s) => s.view?.time ?? 0);
  const playing = useAppStore(selectPlaying);
  const speed = useAppStore(selectSpeed);
  const past = info?.cursor !== null && info?.cursor !== undefined;
  const span = useMemo(() => spanOf(info, shown), [info, shown]);
  const seek = useSeeker(sim);
  const [forking, setForking] = useState(false);
  // The user action that led here: the latest at or before the moment shown.
  const lastAction = useMemo(() => info?.marks.findLast((m) => m.t <= shown), [info, shown]);

  // Space plays or pauses and ←/→ move between changes, from anywhere on the page but the editor,
  // the console and controls that use those keys themselves.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey) return;
      if (e.key !== ' ' && e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
      if (keyBelongsToTarget(e.target, e.key)) return;
      const state = useAppStore.getState();
      if (!sim) return;
      e.preventDefault();
      if (e.key === ' ') {
        sim.playback(!state.playing, state.speed);
        return;
      }
      const now = state.view?.time ?? 0;
      const s = spanOf(state.timeline, now);
      const stops = stopsOf(state.timeline);
      if (state.playing) sim.playback(false, state.speed);
      seek(e.key === 'ArrowLeft' ? previousStop(stops, now, s) : nextStop(stops, now, s));
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [sim, seek]);

  const fork = async () => {
    if (!sim || !past) return;
    const future = (info?.marks ?? []).filter((m) => m.t > shown).length;
    if (!globalThis.confirm(t('timeline.forkConfirm', { time: clockText(shown), count: future }))) return;
    setForking(true);
    try {
      await sim.fork();
    } finally {
      setForking(false);
    }
  };

  return (
    <section className="timeline" aria-label={t('timeline.label')}>
      <div className="timeline-row">
        <button
          type="button"
          className="timeline-play"
          onClick={() => sim?.playback(!playing, speed)}
          aria-keyshortcuts="Space"
          aria-label={t(playing ? 'timeline.pauseLabel' : 'timeline.playLabel')}
        >
          {playing ? t('time.pause') : t('time.play')}
        </button>
        <Track span={span} shown={shown} past={past} onSeek={seek} />
        <output className="timeline-time" aria-hidden="true">
          {clockText(shown)} / {clockText(span.end)}
        </output>
      </div>
      <div className="timeline-row timeline-controls">
        <span className={past ? 'timeline-state past' : 'timeline-state'}>
          {past ? t('timeline.pastHint', { time: clockText(shown) }) : t('timeline.liveHint', { count: info?.total ?? 0 })}
          {lastAction ? (
            <span className="timeline-last">
              {' '}
              {t('timeline.lastAction', { time: clockText(lastAction.t) })} <code>{lastAction.label}</code>
            </span>
          ) : null}
        </span>
        <button type="button" data-action="fork" className={past ? 'primary' : undefined} disabled={!past || forking} onClick={() => void fork()}>
          {t('timeline.fork')}
        </button>
        <button type="button" disabled={!past} onClick={() => seek(span.end)}>
          {t('timeline.backToLive')}
        </button>
        <span className="timeline-help">{t('timeline.help')}</span>
        <ShareLink />
      </div>
    </section>
  );
}
