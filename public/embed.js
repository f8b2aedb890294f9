/*
 * StatefulSet Playground — host API client, version 1 (README, "Host API").
 * A classic script (sets globalThis.StsPlayground) that is also importable as a module: embed.mjs
 * re-exports it. Types: embed.d.ts.
 *
 *   const pg = StsPlayground.attach(document.querySelector('iframe'), { origin: 'https://play.example' });
 *   pg.on('state', (m) => console.log(m.pods));
 *   pg.load(yaml); pg.kubectl('kubectl get pods'); pg.seek(30000);
 *
 * Messages sent before the playground says `ready` wait for it; attaching late is fine (the client
 * asks a booted playground to say `ready` again).
 */
(function () {
  'use strict';
  var SOURCE = 'sts-playground';
  var VERSION = 1;

  /**
   * @param {HTMLIFrameElement} iframe the playground's frame
   * @param {{ origin?: string, autoHeight?: boolean }} [options] origin: the playground's origin
   *   (default: the frame's src); autoHeight: set the frame's height from `size` messages
   */
  function attach(iframe, options) {
    var opts = options || {};
    var origin = opts.origin || new URL(iframe.getAttribute('src') || '', location.href).origin;
    /** @type {Record<string, Array<(message: any) => void>>} */
    var handlers = {};
    /** @type {any[]} */
    var queue = [];
    var ready = false;
    // A frame sandboxed without allow-same-origin has an opaque origin: its messages come from "null",
    // and it can only be reached with "*" (the message still goes to that one frame's window only).
    function opaque() {
      var sandbox = iframe.getAttribute('sandbox');
      return sandbox !== null && !/(^|\s)allow-same-origin(\s|$)/.test(sandbox);
    }

    function emit(type, message) {
      var list = (handlers[type] || []).concat(handlers['*'] || []);
      for (var i = 0; i < list.length; i++) {
        try {
          list[i](message);
        } catch (e) {
          setTimeout(function () {
            throw e;
          });
        }
      }
    }

    function onMessage(event) {
      if (event.source !== iframe.contentWindow || (event.origin !== origin && !(opaque() && event.origin === 'null'))) return;
      var m = event.data;
      if (!m || typeof m !== 'object' || m.source !== SOURCE || m.v !== VERSION || typeof m.type !== 'string') return;
      if (m.type === 'ready') {
        ready = true;
        var pending = queue;
        queue = [];
        for (var i = 0; i < pending.length; i++) post(pending[i]);
      }
      if (m.type === 'size' && opts.autoHeight && typeof m.height === 'number') iframe.style.height = m.height + 'px';
      emit(m.type, m);
    }
    window.addEventListener('message', onMessage);
    // A playground that booted before this call has said `ready` already: ask it again (a frame still
    // booting misses this and says `ready` when it is up).
    post({ source: SOURCE, v: VERSION, type: 'hello' });
    // A reloaded frame boots again: wait for its `ready` before sending.
    iframe.addEventListener('load', function () {
      ready = false;
    });

    function post(message) {
      var w = iframe.contentWindow;
      if (w) w.postMessage(message, opaque() ? '*' : origin);
    }

    function send(type, fields) {
      var message = Object.assign({ source: SOURCE, v: VERSION, type: type }, fields || {});
      if (ready) post(message);
      else queue.push(message);
    }

    return {
      /** @param {string} yaml */
      load: function (yaml) { send('load', { yaml: yaml }); },
      /** @param {string} command */
      kubectl: function (command) { send('kubectl', { command: command }); },
      play: function () { send('play'); },
      pause: function () { send('pause'); },
      step: function () { send('step'); },
      /** @param {number} time virtual milliseconds */
      seek: function (time) { send('seek', { time: time }); },
      /** @param {number} value */
      speed: function (value) { send('speed', { value: value }); },
      /** @param {'en' | 'zh-CN'} value */
      lang: function (value) { send('lang', { value: value }); },
      /** @param {string} id */
      lesson: function (id) { send('lesson', { id: id }); },
      /**
       * @param {string} type a message type, or '*' for all
       * @param {(message: any) => void} fn
       * @returns {() => void} stops listening
       */
      on: function (type, fn) {
        (handlers[type] = handlers[type] || []).push(fn);
        return function () {
          handlers[type] = (handlers[type] || []).filter(function (h) { return h !== fn; });
        };
      },
      /** Stops listening to the frame. */
      detach: function () {
        window.removeEventListener('message', onMessage);
        handlers = {};
        queue = [];
      },
    };
  }

  globalThis.StsPlayground = { attach: attach, version: VERSION };
})();
