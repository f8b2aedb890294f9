/**
 * The host API on the page: listens for a course page's messages (hostApi.ts checks them), drives
 * the simulation, and reports back (ready, state, events, kubectl results, lesson steps, errors,
 * sizes). Installed by main.tsx in embed mode only; everything it touches comes in through `deps`.
 */
import { isLessonId } from '../lessons/ids.ts';
import type { SimClient } from '../sim/simClient.ts';
import { useAppStore } from '../store/index.ts';
import { nearestSpeed } from '../store/urlParams.ts';
import { envelope, newEvents, originAllowed, parseInbound, summarize, summaryKey, targetOrigins, type Inbound, type Outbound } from './hostApi.ts';

export interface BridgeDeps {
  sim: SimClient;
  /** `?origin=`'s allowlist (empty: the page's own origin only). */
  origins: readonly string[];
  /** The speeds the time bar offers: a requested speed runs at the nearest one. */
  speeds: readonly number[];
  autoHeight: boolean;
}

/** How often at most the page posts its height (ms). */
const SIZE_THROTTLE = 100;

/** Messages ignored so far (malformed, unknown, another origin): on `<html data-host-ignored>` too. */
let ignored = 0;
export const ignoredCount = (): number => ignored;
function ignore(): void {
  ignored += 1;
  document.documentElement.dataset.hostIgnored = String(ignored);
}

export function installHostBridge(deps: BridgeDeps): () => void {
  const parent = window.parent;
  if (parent === window) return () => {};
  const own = location.origin;
  const targets = targetOrigins(deps.origins, own);
  const post = (message: Outbound) => {
    const data = envelope(message);
    for (const target of targets) parent.postMessage(data, target);
  };
  const store = useAppStore;
  const sim = deps.sim;

  async function handle(message: Inbound): Promise<void> {
    const state = store.getState();
    switch (message.type) {
      case 'hello':
        post({ type: 'ready' });
        return;
      case 'load': {
        state.setYaml(message.yaml);
        const result = await sim.reset(message.yaml);
        if (!result.ok) post({ type: 'error', message: result.message || 'load failed' });
        return;
      }
      case 'kubectl': {
        const r = await sim.kubectl(message.command, state.yaml);
        // A watch would stream into the console forever: the host gets the first listing only.
        if (r.watching) sim.stopWatch();
        post({ type: 'kubectl-result', command: message.command, code: r.code, stdout: r.stdout, stderr: r.stderr });
        return;
      }
      case 'play':
      case 'pause':
        sim.playback(message.type === 'play', state.speed);
        return;
      case 'step':
        if (state.playing) sim.playback(false, state.speed);
        await sim.step();
        return;
      case 'speed':
        sim.playback(state.playing, nearestSpeed(message.value, deps.speeds));
        return;
      case 'seek': {
        // The timeline shows that moment (a time past the live end shows the live cluster).
        await sim.seek(message.time);
        return;
      }
      case 'lang':
        if (message.value === 'en' || message.value === 'zh-CN') state.setLang(message.value);
        else post({ type: 'error', message: `unknown language: ${message.value}` });
        return;
      case 'lesson':
        if (!isLessonId(message.id)) {
          post({ type: 'error', message: `unknown lesson: ${message.id}` });
          return;
        }
        state.openLesson(message.id, 0);
        state.setTab('lessons');
        return;
    }
  }

  const onMessage = (event: MessageEvent) => {
    if (event.source !== parent || !originAllowed(event.origin, deps.origins, own)) return ignore();
    const message = parseInbound(event.data);
    if (!message) return ignore();
    handle(message).catch((e: unknown) => post({ type: 'error', message: e instanceof Error ? e.message : String(e) }));
  };
  window.addEventListener('message', onMessage);

  // Out: state when pods or claims changed, each new event, the lesson step.
  let lastKey = '';
  const seen = new Map<string, number>();
  let lastLesson = '';
  const report = () => {
    const s = store.getState();
    if (s.view) {
      const summary = summarize(s.view);
      const key = summaryKey(summary);
      if (key !== lastKey) {
        lastKey = key;
        post({ type: 'state', ...summary });
      }
      for (const e of newEvents(s.view.events, seen)) post({ type: 'event', reason: e.reason, message: e.message, object: e.object });
    }
    const lessonKey = s.lesson ? `${s.lesson.id}#${s.lesson.step}` : '';
    if (s.lesson && lessonKey !== lastLesson) post({ type: 'lesson-step', id: s.lesson.id, step: s.lesson.step });
    lastLesson = lessonKey;
  };
  const unsubscribe = store.subscribe((s, prev) => {
    if (s.view !== prev.view || s.lesson !== prev.lesson) report();
  });

  // Out: the content's height, at most every SIZE_THROTTLE ms, when it changed.
  let observer: ResizeObserver | undefined;
  if (deps.autoHeight && typeof ResizeObserver === 'function') {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let lastHeight = -1;
    const send = () => {
      timer = undefined;
      const root = document.getElementById('root');
      const height = Math.ceil(root ? root.getBoundingClientRect().height : document.documentElement.scrollHeight);
      if (height === lastHeight) return;
      lastHeight = height;
      post({ type: 'size', height });
    };
    observer = new ResizeObserver(() => {
      timer ??= setTimeout(send, SIZE_THROTTLE);
    });
    const root = document.getElementById('root');
    if (root) observer.observe(root);
  }

  post({ type: 'ready' });
  report();
  return () => {
    window.removeEventListener('message', onMessage);
    unsubscribe();
    observer?.disconnect();
  };
}
