/** The timeline slice: what the worker says about the session's history (marks, change instants, cursor). */
import type { StateCreator } from 'zustand';
import type { TimelineMark } from '../../worker/protocol.ts';

export interface TimelineInfo {
  start: number;
  /** The live end when the message was sent (while live, the view's clock moves it on). */
  end: number;
  /** The moment shown when it is in the past; null while live. */
  cursor: number | null;
  marks: TimelineMark[];
  instants: number[];
  /** How many user actions the record holds (marks shows the latest). */
  total: number;
}

export interface TimelineSlice {
  timeline: TimelineInfo | undefined;
  /** The share link last made (also the value of the read-only field). */
  shareLink: string | undefined;
  setTimeline(timeline: TimelineInfo): void;
  setShareLink(link: string | undefined): void;
}

export const createTimelineSlice = <S extends TimelineSlice>(): StateCreator<S, [], [], TimelineSlice> => (set) => ({
  timeline: undefined,
  shareLink: undefined,
  setTimeline: (timeline) => set({ timeline } as Partial<S>),
  setShareLink: (shareLink) => set({ shareLink } as Partial<S>),
});
