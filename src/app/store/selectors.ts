/** Named selectors (module level, stable). */
import type { AppState } from './index.ts';

export const selectView = (s: AppState) => s.view;
export const selectLang = (s: AppState) => s.lang;
export const selectYaml = (s: AppState) => s.yaml;
export const selectDiagnostics = (s: AppState) => s.diagnostics;
export const selectSelection = (s: AppState) => s.selection;
export const selectPlaying = (s: AppState) => s.playing;
export const selectSpeed = (s: AppState) => s.speed;
export const selectTab = (s: AppState) => s.tab;
export const selectEmbed = (s: AppState) => s.embed;
export const selectReducedMotion = (s: AppState) => s.reducedMotion;
export const selectNotices = (s: AppState) => s.notices;
export const selectLastResult = (s: AppState) => s.lastResult;
export const selectFallback = (s: AppState) => s.fallback;
