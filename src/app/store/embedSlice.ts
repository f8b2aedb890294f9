/** The embed options the link chose (`controls=`, `panels=`): which parts an embedded page shows. */
import type { StateCreator } from 'zustand';

export interface EmbedSlice {
  /** `min`: no Actions panel; `full`: everything the embedded page has. */
  controls: 'min' | 'full';
  /** The tab ids to show (InfoPanels' order); undefined: all. */
  panels: readonly string[] | undefined;
}

export const createEmbedSlice: StateCreator<EmbedSlice, [], [], EmbedSlice> = () => ({
  controls: 'full',
  panels: undefined,
});
