// Live reload for the signpost development server. The server adds this
// script to the pages it serves; built sites never contain it.
//
// Events from <base>__signpost/events:
//   hello  {version}          on connect; a different version than before
//                             means builds were missed (or the server
//                             restarted): reload
//   reload {version, changed} site-relative paths of changed files; empty
//                             means everything. Only CSS: swap stylesheets.
//                             Anything else: reload the page.
//   errors {problems}         [{file, line, column, message, note}]: show
//                             them in an overlay (notes alone in a corner
//                             panel); an empty list clears it
(function () {
  "use strict";

  var me = document.currentScript ||
    document.querySelector('script[src$="__signpost/reload.js"]');
  if (!me || !window.EventSource) return;
  var base = new URL("..", me.src).href; // the site's base URL, ending in "/"
  var version = me.getAttribute("data-version"); // the version the page was served at
  var overlay = null;
  var swaps = 0;

  function connect() {
    var source = new EventSource(base + "__signpost/events");
    source.addEventListener("hello", function (e) {
      var v = JSON.parse(e.data).version;
      if (version !== null && v !== version) location.reload();
      version = v;
    });
    source.addEventListener("reload", function (e) {
      var d = JSON.parse(e.data);
      version = d.version;
      var changed = d.changed || [];
      var cssOnly = changed.length > 0 && changed.every(function (p) {
        return /\.css$/i.test(p);
      });
      if (cssOnly) swapStyles(changed);
      else location.reload();
    });
    source.addEventListener("errors", function (e) {
      show(JSON.parse(e.data).problems || []);
    });
    source.addEventListener("error", function () {
      // The browser retries by itself unless the stream failed for good
      // (say the server answered 503 while shutting down).
      if (source.readyState === EventSource.CLOSED) {
        source.close();
        setTimeout(connect, 1000);
      }
    });
  }

  // stem drops the query, the .css extension and a content hash:
  // "assets/site.3f9a1c.css" and "assets/site.77e0b2.css" both give
  // "assets/site".
  function stem(p) {
    return p.replace(/[?#].*$/, "").replace(/\.css$/i, "").replace(/\.[0-9a-f]{6,}$/i, "");
  }

  // swapStyles points each stylesheet link whose file matches a changed
  // file at the new file, removing the old link once the new one loads so
  // the page never shows unstyled.
  function swapStyles(changed) {
    swaps++;
    var links = document.querySelectorAll('link[rel~="stylesheet"]');
    changed.forEach(function (p) {
      Array.prototype.forEach.call(links, function (link) {
        var href = link.href;
        if (href.indexOf(base) !== 0 || stem(href.slice(base.length)) !== stem(p)) return;
        var next = link.cloneNode(false);
        next.removeAttribute("integrity");
        next.href = base + p + "?signpost-reload=" + swaps; // also when the name is the same
        next.addEventListener("load", function () { link.remove(); });
        next.addEventListener("error", function () { next.remove(); });
        link.after(next);
      });
    });
  }

  function el(tag, text, css) {
    var e = document.createElement(tag);
    if (text) e.textContent = text;
    if (css) Object.assign(e.style, css); // CSSOM, allowed under the page's CSP
    return e;
  }

  // show replaces the error overlay with one listing problems, or removes
  // it when there are none. Notes alone (the build succeeded: a draft's
  // problems, say) get a small panel in a corner that leaves the page in
  // view; errors get a banner over the top of the last good page.
  function show(problems) {
    if (overlay) overlay.remove();
    overlay = null;
    if (problems.length === 0) return;

    var notes = problems.every(function (p) { return p.note; });
    var colour = notes ? "#005eb8" : "#d5281b";
    overlay = el("div", "", notes ? {
      position: "fixed", bottom: "16px", right: "16px", zIndex: "2147483647",
      maxWidth: "min(32rem, calc(100vw - 32px))", maxHeight: "40vh", overflow: "auto", boxSizing: "border-box",
      padding: "12px 16px", background: "#ffffff", color: "#212b32",
      borderLeft: "8px solid " + colour, boxShadow: "0 4px 12px rgba(0,0,0,.3)",
      font: "16px/1.5 Arial, sans-serif", textAlign: "left"
    } : {
      position: "fixed", top: "0", left: "0", right: "0", zIndex: "2147483647",
      maxHeight: "60vh", overflow: "auto", boxSizing: "border-box",
      padding: "16px 24px", background: "#ffffff", color: "#212b32",
      borderBottom: "8px solid " + colour, boxShadow: "0 4px 12px rgba(0,0,0,.3)",
      font: "16px/1.5 Arial, sans-serif", textAlign: "left"
    });
    overlay.setAttribute("role", notes ? "status" : "alert");
    overlay.id = "signpost-errors";
    var n = problems.length;
    var title = notes ? n + (n === 1 ? " note" : " notes") + " on drafts"
      : "Build failed: " + n + (n === 1 ? " problem" : " problems");
    overlay.append(el("h2", title, { margin: "0 0 8px", fontSize: notes ? "18px" : "20px", color: colour }));
    var list = el("ul", "", { margin: "0 0 8px", paddingLeft: "20px" });
    problems.forEach(function (p) {
      var where = p.file || "";
      if (where && p.line) where += ":" + p.line + (p.column ? ":" + p.column : "");
      var item = el("li");
      if (where) item.append(el("code", where + ": ", { fontWeight: "bold" }));
      item.append(p.message || "");
      list.append(item);
    });
    overlay.append(list, el("p", notes
      ? "The pages are shown. Fix these before you publish: once draft: true is deleted they are errors."
      : "The page shows the last good build. This message goes away when the build succeeds.", { margin: "0 0 8px" }));
    var dismiss = el("button", "Dismiss", {
      font: "inherit", padding: "4px 12px", cursor: "pointer"
    });
    dismiss.type = "button";
    dismiss.addEventListener("click", function () { show([]); });
    overlay.append(dismiss);
    document.body.append(overlay);
  }

  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape" && overlay) show([]);
  });

  connect();
})();
