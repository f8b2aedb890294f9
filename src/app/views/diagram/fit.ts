/** How big the diagram is drawn in the box it is given (pure: see DiagramView). */
import { MIN_SCALE } from './layout.ts';

/** Presenter mode never draws smaller than this: its 16 px text is then at least 18 px on screen. */
export const PRESENT_MIN_SCALE = 1.15;
/** Nor larger than this (a tiny cluster on a wall-sized screen). */
const PRESENT_MAX_SCALE = 3;

/**
 * How big the picture is drawn. On the page it fits the width given: a little too wide (a phone)
 * shrinks, down to MIN_SCALE; wider still scrolls sideways, with the pan slider. It never grows, and
 * there is no inner vertical scroll; given a `height` (embedded in an iframe) it shrinks to that too,
 * down to MIN_SCALE. In presenter mode it fills the box both ways, between PRESENT_MIN_SCALE and
 * PRESENT_MAX_SCALE, scrolling only a cluster too big for that.
 */
export function pictureScale(layout: { width: number; height: number; overflow: boolean }, width: number | undefined, height: number | undefined, presenting: boolean): { scale: number; overflow: boolean } {
  if (!width) return { scale: presenting ? PRESENT_MIN_SCALE : 1, overflow: false };
  if (presenting) {
    const fit = Math.min(width / layout.width, height ? height / layout.height : Infinity);
    const scale = Math.min(PRESENT_MAX_SCALE, Math.max(PRESENT_MIN_SCALE, fit));
    return { scale, overflow: layout.width * scale > width + 1 };
  }
  const byWidth = layout.overflow ? width / layout.width : 1;
  if (byWidth < MIN_SCALE) return { scale: 1, overflow: true };
  const byHeight = height && height > 0 ? height / layout.height : 1;
  return { scale: Math.min(1, byWidth, Math.max(MIN_SCALE, byHeight)), overflow: false };
}
