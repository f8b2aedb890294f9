/*
 * The playground's only script tag (a classic script, so it loads anywhere): index.html's data
 * attributes name the real entries, relative to the page.
 *
 * - A document with an opaque origin (an iframe sandboxed without allow-same-origin) would fetch a
 *   module script in CORS mode, which a plain static host answers without CORS headers: the fetch
 *   fails. There it loads the classic bundle instead (one file, engine on the main thread, the plain
 *   editor) with a plain script element.
 * - Everywhere else it imports the module entry (code-split, Monaco and the workers) and registers the
 *   service worker that keeps the build for offline use; a sandbox cannot have one, so it is skipped
 *   there, and a browser that refuses (insecure context, private mode) just runs without it.
 */
(function boot() {
  'use strict';
  const me = document.currentScript;
  if (!me) return;
  const base = document.baseURI;
  const at = (path) => new URL(path, base).href;
  if (self.origin === 'null') {
    const script = document.createElement('script');
    script.src = at(me.dataset.classic);
    document.head.appendChild(script);
    return;
  }
  import(at(me.dataset.module));
  const sw = me.dataset.sw;
  const register = () => {
    try {
      if (!sw || !navigator.serviceWorker) return;
      navigator.serviceWorker.register(at(sw)).catch(() => {
        // No offline copy this time; the page itself is unaffected.
      });
    } catch {
      // SecurityError: service workers are unavailable in this document.
    }
  };
  if (document.readyState === 'complete') register();
  else window.addEventListener('load', register);
})();
