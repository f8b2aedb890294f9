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
  // Laid out wider than the box (see wrapWidth), or one band alone too wide: shrink to the width.
  const byWidth = Math.min(1, width / layout.width);
  if (byWidth < MIN_SCALE) return { scale: 1, overflow: true };
  const byHeight = height && height > 0 ? height / layout.height : 1;
  return { scale: Math.min(1, byWidth, Math.max(MIN_SCALE, byHeight)), overflow: false };
}

/** The scales tried, largest first, when wrapping wider can let a picture fit its frame. */
const WRAP_SCALES = [1, 0.9, 0.8, MIN_SCALE];

/**
 * The width to wrap the bands at, embedded in a frame of `height`: the width given, unless the picture
 * is then too tall for the frame and wrapping wider (bands side by side instead of stacked), then
 * shrinking to the width, fits it at a larger scale than shrinking the tall picture would. `measure`
 * lays the picture out at a width.
 */
export function wrapWidth(width: number, height: number | undefined, measure: (wrapAt: number) => { width: number; height: number; overflow: boolean }): number {
  if (!height || height <= 0) return width;
  const scaleAt = (wrapAt: number) => {
    const picture = measure(wrapAt);
    if (picture.overflow) return 0;
    return Math.min(1, width / picture.width, height / picture.height);
  };
  const plain = scaleAt(width);
  let best = { wrapAt: width, scale: plain };
  for (const s of WRAP_SCALES) {
    const wrapAt = Math.floor(width / s);
    const scale = scaleAt(wrapAt);
    if (scale > best.scale) best = { wrapAt, scale };
  }
  return best.wrapAt;
}
