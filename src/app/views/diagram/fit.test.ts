import { describe, expect, it } from 'vitest';
import { pictureScale, PRESENT_MIN_SCALE, wrapWidth } from './fit.ts';
import { MIN_SCALE } from './layout.ts';

const picture = (width: number, height: number, overflow: boolean) => ({ width, height, overflow });

describe('pictureScale', () => {
  it.each([
    // [case, layout, box width, box height, presenting, scale, overflow]
    ['fits the page: drawn as laid out', picture(600, 534, false), 900, undefined, false, 1, false],
    ['a little too wide (a phone): shrinks to the width', picture(440, 534, true), 352, undefined, false, 0.8, false],
    ['far too wide: full size, panned sideways', picture(14_000, 534, true), 900, undefined, false, 1, true],
    ['embedded, too tall for the window: shrinks to the height', picture(600, 534, false), 760, 480, false, 480 / 534, false],
    ['embedded, far too tall: never under the readable minimum', picture(600, 2000, false), 760, 480, false, MIN_SCALE, false],
    ['embedded, short: never grows', picture(600, 300, false), 760, 480, false, 1, false],
    ['presenting a small cluster: grows to fill the box', picture(600, 534, false), 1260, 640, true, 640 / 534, false],
    ['presenting a tiny cluster: grows at most 3×', picture(300, 100, false), 1260, 640, true, 3, false],
    ['presenting a big cluster: the readable minimum, scrolled', picture(4000, 534, true), 1260, 640, true, PRESENT_MIN_SCALE, true],
  ] as const)('%s', (_name, layout, width, height, presenting, scale, overflow) => {
    const got = pictureScale(layout, width, height, presenting);
    expect(got.scale).toBeCloseTo(scale, 6);
    expect(got.overflow).toBe(overflow);
  });

  it('keeps 16 px presenter text at 18 px or more on screen', () => {
    expect(16 * PRESENT_MIN_SCALE).toBeGreaterThanOrEqual(18);
  });
});

/**
 * A cluster of bands `w` wide each, `h` tall, wrapped into rows at a width (as computeLayout flows
 * them); a band wider than the width overflows.
 */
function bands(count: number, w: number, h: number) {
  return (wrapAt: number) => {
    const perRow = Math.max(1, Math.floor(wrapAt / w));
    return { width: Math.min(count, perRow) * w, height: Math.ceil(count / perRow) * h, overflow: w > wrapAt };
  };
}

describe('wrapWidth', () => {
  it.each([
    // [case, box width, box height, picture, expected wrap width]
    ['not embedded: the width given', 760, undefined, bands(3, 330, 250), 760],
    ['fits as stacked: the width given', 760, 600, bands(2, 330, 250), 760],
    ['too tall stacked: wrapped wider so the bands sit side by side', 760, 600, bands(3, 330, 400), Math.floor(760 / MIN_SCALE)],
    ['side by side would shrink more than stacking: stays stacked', 400, 330, bands(2, 330, 300), 400],
    ['one band too wide for any scale: the width given', 760, 400, bands(1, 2000, 250), 760],
  ] as const)('%s', (_name, width, height, measure, expected) => {
    expect(wrapWidth(width, height, measure)).toBe(expected);
  });

  it('a wider wrap is only taken when the picture then draws larger', () => {
    const measure = bands(3, 330, 400);
    const chosen = wrapWidth(760, 600, measure);
    const scaled = (wrapAt: number) => pictureScale(measure(wrapAt), 760, 600, false).scale;
    expect(scaled(chosen)).toBeGreaterThan(scaled(760));
    expect(measure(chosen).height * scaled(chosen)).toBeLessThanOrEqual(600);
  });
});
