/**
 * google.script.run, carried over HTTP from the playground's frames to the sandbox.
 *
 * The shim follows the documented rules (developers.google.com/apps-script/guides/html/reference/run):
 * - calls are asynchronous; withSuccessHandler / withFailureHandler / withUserObject return a
 *   new runner and the handlers receive (value, userObject);
 * - legal parameters are primitives, null, and objects and arrays made of them, or one form
 *   element as the only parameter; a Date, a function or a DOM element other than a form makes
 *   the request fail; undefined inside arrays becomes null;
 * - a server error reaches the failure handler as an Error with the server's message.
 * Results come back as JSON copies.
 */

/** Server-side check of what arrived: an array of JSON values. Returns a message or null. */
export function checkJsonArgs(args: unknown): string | null {
  if (!Array.isArray(args)) return 'Tham số không hợp lệ: cần một mảng.';
  return null;
}

/** Does a server result hold a Date? google.script.run then delivers null instead. */
export function hasDate(v: unknown, depth = 0): boolean {
  if (v instanceof Date) return true;
  if (depth > 64 || v === null || typeof v !== 'object') return false;
  return Object.values(v as Record<string, unknown>).some((x) => hasDate(x, depth + 1));
}

/** The script injected into each frame's <head>; __FRAME__ is replaced by the frame id. */
export const GSR_SHIM = `(function () {
  var FRAME = '__FRAME__';
  var pending = 0;
  function illegal(v, depth) {
    if (depth > 64) return 'đối tượng lồng quá sâu hoặc vòng tròn';
    if (v === null || v === undefined) return null;
    var t = typeof v;
    if (t === 'string' || t === 'number' || t === 'boolean') return null;
    if (t === 'function') return 'hàm (Function)';
    if (v instanceof Date) return 'ngày (Date)';
    if (typeof Element !== 'undefined' && v instanceof Element) return 'phần tử DOM';
    if (Array.isArray(v)) { for (var i = 0; i < v.length; i++) { var a = illegal(v[i], depth + 1); if (a) return a; } return null; }
    if (t === 'object') { for (var k in v) { if (Object.prototype.hasOwnProperty.call(v, k)) { var b = illegal(v[k], depth + 1); if (b) return b; } } return null; }
    return 'kiểu ' + t;
  }
  function formToObject(form) {
    var out = {};
    for (var i = 0; i < form.elements.length; i++) {
      var el = form.elements[i];
      if (!el.name || el.disabled) continue;
      if ((el.type === 'checkbox' || el.type === 'radio') && !el.checked) continue;
      out[el.name] = el.value;
    }
    return out;
  }
  function makeRunner(success, failure, userObject) {
    var target = {
      withSuccessHandler: function (f) { return makeRunner(f, failure, userObject); },
      withFailureHandler: function (f) { return makeRunner(success, f, userObject); },
      withUserObject: function (o) { return makeRunner(success, failure, o); }
    };
    return new Proxy(target, {
      get: function (obj, name) {
        if (name in obj) return obj[name];
        if (typeof name !== 'string') return undefined;
        return function () {
          var args = Array.prototype.slice.call(arguments);
          var fail = function (message) {
            setTimeout(function () {
              var err = new Error(message);
              if (failure) failure(err, userObject); else console.error(err);
            }, 0);
          };
          if (args.length === 1 && typeof HTMLFormElement !== 'undefined' && args[0] instanceof HTMLFormElement) args = [formToObject(args[0])];
          for (var i = 0; i < args.length; i++) {
            var bad = illegal(args[i], 0);
            if (bad) { fail('Tham số không hợp lệ khi gọi ' + name + ': ' + bad); return; }
          }
          var body = JSON.stringify({ fn: name, args: args, frame: FRAME });
          pending++;
          fetch('/api/gsr', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: body })
            .then(function (r) { return r.json(); })
            .then(function (out) {
              pending--;
              try { if (window.parent && window.parent !== window) window.parent.postMessage({ type: 'gsr-done', frame: FRAME, ui: out.ui || [] }, '*'); } catch (e) {}
              if (out.ok) { if (success) success(out.value, userObject); }
              else { var err = new Error(out.error && out.error.message); err.name = (out.error && out.error.name) || 'Error'; if (failure) failure(err, userObject); else console.error(err); }
            }, function (e) { pending--; fail('Không kết nối được máy chủ: ' + e.message); });
        };
      }
    });
  }
  var host = {
    close: function () { window.parent.postMessage({ type: 'close', frame: FRAME }, '*'); },
    setHeight: function (h) { window.parent.postMessage({ type: 'height', frame: FRAME, value: h }, '*'); },
    setWidth: function (w) { window.parent.postMessage({ type: 'width', frame: FRAME, value: w }, '*'); },
    editor: { focus: function () {} },
    origin: location.origin
  };
  window.google = { script: { run: makeRunner(null, null, undefined), host: host, url: { getLocation: function (cb) { var p = {}, ps = {}; new URLSearchParams(location.search).forEach(function (v, k) { if (!(k in p)) p[k] = v; (ps[k] = ps[k] || []).push(v); }); setTimeout(function () { cb({ hash: location.hash.slice(1), parameter: p, parameters: ps }); }, 0); } } } };
  window.__gsrPending = function () { return pending; };
})();`;
