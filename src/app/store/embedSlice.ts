/** The embed options the link chose (`controls=`, `panels=`): which parts an embedded page shows. */
export interface EmbedSlice {
  /** `min`: no Actions panel; `full`: everything the embedded page has. */
  controls: 'min' | 'full';
  /** The tab ids to show (InfoPanels' order); undefined: all. */
  panels: readonly string[] | undefined;
}

/** Set once at boot from the link (main.tsx); no actions. */
export function embedDefaults(): EmbedSlice {
  return { controls: 'full', panels: undefined };
}
