/**
 * The playground's Content-Security-Policy: the build writes it into index.html as a
 * `<meta http-equiv>`, and the README asks servers that can send headers to send the same policy
 * (plus `frame-ancestors`, which a meta element cannot carry).
 *
 * Scripts come only from the page's own folder: no inline scripts (index.html loads one classic boot
 * script), no eval. Workers (the engine's, Monaco's editor worker, monaco-yaml's) and the service
 * worker come only from the page's own origin.
 *
 * `style-src` needs 'unsafe-inline', for Monaco alone: it renders its view lines, minimap and widgets
 * as HTML strings with `style="…"` attributes (assigned through innerHTML, which CSP treats as inline
 * style), and it writes its theme colours and decoration classes into `<style>` elements it creates
 * at run time. A nonce cannot help on a static host (it must change with every response) and a hash
 * cannot cover text computed at run time. Style injection cannot run script, so scripts stay strict.
 * The app itself needs none of it: React and d3 set styles through the CSSOM, which CSP allows.
 * (Measured in Chromium with `style-src 'self'`: the page without the editor, `?embed=1`, runs with
 * no violation; with Monaco about 250 inline styles are refused while it starts.)
 */
export const CSP_DIRECTIVES: readonly (readonly [string, string])[] = [
  ['default-src', "'self'"],
  ['script-src', "'self'"],
  ['style-src', "'self' 'unsafe-inline'"],
  ['img-src', "'self' data:"],
  ['font-src', "'self'"],
  ['connect-src', "'self'"],
  ['worker-src', "'self'"],
  ['manifest-src', "'self'"],
  ['object-src', "'none'"],
  ['base-uri', "'self'"],
  ['form-action', "'none'"],
];

/** The policy as index.html's meta element carries it. */
export const CSP = CSP_DIRECTIVES.map(([name, value]) => `${name} ${value}`).join('; ');

/**
 * The policy for a server's `Content-Security-Policy` header: the same, plus who may frame the page
 * (`*`: any course page may embed it; narrow it to your own sites if you host a copy).
 */
export function cspHeader(frameAncestors = '*'): string {
  return `${CSP}; frame-ancestors ${frameAncestors}`;
}
