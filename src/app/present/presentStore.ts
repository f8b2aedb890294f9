/**
 * Presenter mode's own small state: on or off (`?present=1` starts it on) and whether the panels are
 * shown over the diagram. Kept apart from the app store so the mode stays one self-contained part.
 */
import { create } from 'zustand';

export interface PresentState {
  presenting: boolean;
  panels: boolean;
  setPresenting(presenting: boolean): void;
  togglePanels(): void;
}

function startsPresenting(): boolean {
  if (typeof location === 'undefined') return false;
  return new URLSearchParams(location.search).get('present') === '1';
}

export const usePresent = create<PresentState>()((set) => ({
  presenting: startsPresenting(),
  panels: false,
  setPresenting: (presenting) => set({ presenting, panels: false }),
  togglePanels: () => set((s) => ({ panels: !s.panels })),
}));
