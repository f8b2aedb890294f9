/**
 * The one app store, in slices (sim, editor, ui). Actions that reach the cluster go through the sim
 * client, which talks to the worker; the store only holds what the page shows.
 */
import { create, type StateCreator } from 'zustand';
import type { Diagnostic } from '../../engine/index.ts';
import type { ClusterView } from '../../worker/viewModel.ts';
import type { Lang } from '../i18n/index.ts';
import { createTimelineSlice, type TimelineSlice } from './timeline.ts';
import { createLessonSlice, type LessonSlice } from './lessonSlice.ts';
import { embedDefaults, type EmbedSlice } from './embedSlice.ts';

export interface SimSlice {
  view: ClusterView | undefined;
  seq: number;
  playing: boolean;
  speed: number;
  /** The engine runs on the main thread because workers are blocked. */
  fallback: boolean;
  lastResult: { ok: boolean; message: string } | undefined;
  setView(view: ClusterView, seq: number): void;
  setPlayback(playing: boolean, speed: number): void;
  setFallback(fallback: boolean): void;
  setLastResult(result: { ok: boolean; message: string } | undefined): void;
}

export interface EditorSlice {
  yaml: string;
  diagnostics: Diagnostic[];
  appliedYaml: string | undefined;
  /** kubectl apply's lines for the last successful apply. */
  applyResult: string | undefined;
  /** The cluster's spec was changed from the controls since the last apply. */
  drift: boolean;
  setDrift(drift: boolean): void;
  setYaml(yaml: string): void;
  setApplyResult(text: string | undefined): void;
  setDiagnostics(diagnostics: Diagnostic[]): void;
  setApplied(yaml: string): void;
}

export type Selection =
  | { kind: 'Pod' | 'PersistentVolumeClaim' | 'PersistentVolume' | 'StatefulSet' | 'Deployment' | 'ReplicaSet' | 'Node' | 'Service'; name: string }
  | undefined;
export type Tab = 'why' | 'events' | 'inspector' | 'tables' | 'console' | 'lessons';

export interface UiSlice {
  lang: Lang;
  selection: Selection;
  /** The workload the Actions panel acts on, "Kind/name" (the first one when unset). */
  target: string | undefined;
  tab: Tab;
  embed: boolean;
  reducedMotion: boolean;
  notices: string[];
  /** Values a notice's words need (e.g. the URL parameter it is about), by notice key. */
  noticeParams: Record<string, Record<string, string | number>>;
  setLang(lang: Lang): void;
  select(selection: Selection): void;
  setTarget(target: string | undefined): void;
  setTab(tab: Tab): void;
  addNotice(notice: string, params?: Record<string, string | number>): void;
  dismissNotice(notice: string): void;
}

export type AppState = SimSlice & EditorSlice & UiSlice & TimelineSlice & LessonSlice & EmbedSlice;

const createSimSlice: StateCreator<AppState, [], [], SimSlice> = (set) => ({
  view: undefined,
  seq: 0,
  playing: true,
  speed: 1,
  fallback: false,
  lastResult: undefined,
  setView: (view, seq) => set({ view, seq }),
  setPlayback: (playing, speed) => set({ playing, speed }),
  setFallback: (fallback) => set({ fallback }),
  setLastResult: (lastResult) => set({ lastResult }),
});

const createEditorSlice: StateCreator<AppState, [], [], EditorSlice> = (set) => ({
  yaml: '',
  diagnostics: [],
  appliedYaml: undefined,
  applyResult: undefined,
  drift: false,
  setDrift: (drift) => set({ drift }),
  setYaml: (yaml) => set({ yaml }),
  setApplyResult: (applyResult) => set({ applyResult }),
  setDiagnostics: (diagnostics) => set({ diagnostics }),
  setApplied: (appliedYaml) => set({ appliedYaml }),
});

const createUiSlice: StateCreator<AppState, [], [], UiSlice> = (set) => ({
  lang: 'en',
  selection: undefined,
  target: undefined,
  tab: 'why',
  embed: false,
  reducedMotion: false,
  notices: [],
  noticeParams: {},
  setLang: (lang) => set({ lang }),
  select: (selection) => set({ selection }),
  setTarget: (target) => set({ target }),
  setTab: (tab) => set({ tab }),
  addNotice: (notice, params) =>
    set((s) => ({
      notices: s.notices.includes(notice) ? s.notices : [...s.notices, notice],
      ...(params ? { noticeParams: { ...s.noticeParams, [notice]: params } } : {}),
    })),
  dismissNotice: (notice) => set((s) => (s.notices.includes(notice) ? { notices: s.notices.filter((n) => n !== notice) } : {})),
});

export const useAppStore = create<AppState>()((...a) => ({
  ...createSimSlice(...a),
  ...createEditorSlice(...a),
  ...createUiSlice(...a),
  ...createTimelineSlice<AppState>()(...a),
  ...createLessonSlice(...a),
  ...embedDefaults(),
}));
