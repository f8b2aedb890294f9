/**
 * Export the diagram on screen as a standalone SVG (styles inlined, no external references) or as a
 * PNG drawn from that SVG on a canvas at twice its size. A caption under the picture gives the
 * virtual time and a summary of the cluster, for slides and handouts. Nothing leaves the page.
 */

/** The presentation properties copied from each drawn element, so the file looks as the page does. */
const STYLE_PROPS = [
  'fill',
  'fill-opacity',
  'stroke',
  'stroke-width',
  'stroke-opacity',
  'stroke-dasharray',
  'opacity',
  'font-size',
  'font-weight',
  'font-family',
  'text-anchor',
] as const;

/** System fonts first, WenQuanYi for Chinese where the system has no CJK font of its own. */
export const EXPORT_FONTS = "system-ui, -apple-system, 'Segoe UI', 'PingFang SC', 'Microsoft YaHei', 'WenQuanYi Micro Hei', sans-serif";

const CAPTION_H = 36;
const SVG_NS = 'http://www.w3.org/2000/svg';

/** A standalone SVG document (as text) of `live`, with `caption` written under the picture. */
export function buildSvg(live: SVGSVGElement, caption: string): string {
  const box = live.viewBox.baseVal;
  const width = box && box.width > 0 ? box.width : live.clientWidth;
  const height = box && box.height > 0 ? box.height : live.clientHeight;
  const copy = live.cloneNode(true) as SVGSVGElement;
  // Inline what the style sheet gives each element (the clone mirrors the live tree node for node).
  const from = [live, ...live.querySelectorAll('*')];
  const to = [copy, ...copy.querySelectorAll('*')];
  from.forEach((el, i) => {
    const target = to[i];
    if (!target || !(el instanceof SVGElement)) return;
    const computed = getComputedStyle(el);
    const style = STYLE_PROPS.map((p) => [p, computed.getPropertyValue(p)] as const)
      .filter(([p, v]) => v !== '' && (p !== 'font-family' || v.includes('mono')))
      .map(([p, v]) => `${p}:${v}`)
      .join(';');
    if (style) target.setAttribute('style', style);
    target.removeAttribute('tabindex');
  });
  // What is on its way out is not part of the picture.
  for (const gone of copy.querySelectorAll('.leaving')) gone.remove();
  copy.setAttribute('xmlns', SVG_NS);
  copy.setAttribute('width', String(width));
  copy.setAttribute('height', String(height + CAPTION_H));
  copy.setAttribute('viewBox', `0 0 ${width} ${height + CAPTION_H}`);
  copy.setAttribute('font-family', EXPORT_FONTS);
  copy.removeAttribute('class');
  const background = document.createElementNS(SVG_NS, 'rect');
  background.setAttribute('width', '100%');
  background.setAttribute('height', '100%');
  background.setAttribute('fill', '#ffffff');
  copy.insertBefore(background, copy.firstChild);
  const line = document.createElementNS(SVG_NS, 'line');
  for (const [k, v] of [['x1', '8'], ['x2', String(width - 8)], ['y1', String(height + 4)], ['y2', String(height + 4)], ['stroke', '#d5dbe3']] as const) line.setAttribute(k, v);
  copy.appendChild(line);
  const text = document.createElementNS(SVG_NS, 'text');
  text.setAttribute('x', '8');
  text.setAttribute('y', String(height + 24));
  text.setAttribute('style', 'font-size:14px;fill:#1f2933');
  text.setAttribute('data-export-caption', '');
  text.textContent = caption;
  copy.appendChild(text);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(copy)}`;
}

/** The SVG drawn on a canvas at `scale` times its size, as PNG bytes. */
export async function svgToPng(svg: string, scale = 2): Promise<Blob> {
  const image = new Image();
  const url = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
  await new Promise<void>((resolve, reject) => {
    image.addEventListener('load', () => resolve(), { once: true });
    image.addEventListener('error', () => reject(new Error('the SVG could not be drawn')), { once: true });
    image.src = url;
  });
  const canvas = document.createElement('canvas');
  canvas.width = Math.ceil(image.naturalWidth * scale);
  canvas.height = Math.ceil(image.naturalHeight * scale);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2D canvas');
  ctx.scale(scale, scale);
  ctx.drawImage(image, 0, 0);
  return new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('no PNG'))), 'image/png'));
}

/** Offers `blob` as a download named `name`. */
export function download(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
