// The preview's own script: serve adds it to every page it sends, and no published page
// has it. It asks the preview (the same host, so the site's Content-Security-Policy allows
// it) for the next build by loading a script that waits until one is done; then it reloads
// the page, or, when the build failed, shows its problems above the page until the next
// good build. The texts come from the preview, in the editor's language.
(function () {
  "use strict";
  var page = document.currentScript.getAttribute("data-build");
  var seq = 0;
  var retry = 0;
  var box = null;

  function show(report) {
    if (!document.querySelector("link[data-preview]")) {
      var css = document.createElement("link");
      css.rel = "stylesheet";
      css.href = "/_preview/live.css";
      css.setAttribute("data-preview", "");
      document.head.appendChild(css);
    }
    if (box) {
      box.remove();
    }
    box = document.createElement("section");
    box.id = "preview-problems";
    box.setAttribute("role", "alert");
    box.setAttribute("aria-labelledby", "preview-problems-title");
    box.lang = report.lang;
    var h = document.createElement("h2");
    h.id = "preview-problems-title";
    h.textContent = report.title;
    box.appendChild(h);
    var note = document.createElement("p");
    note.textContent = report.note;
    box.appendChild(note);
    var list = document.createElement("ol");
    report.items.forEach(function (it) {
      var li = document.createElement("li");
      var where = document.createElement("code");
      where.textContent = it.where;
      li.appendChild(where);
      li.appendChild(document.createTextNode(" " + it.message));
      if (it.hint) {
        var hint = document.createElement("p");
        hint.className = "hint";
        hint.textContent = it.hint;
        li.appendChild(hint);
      }
      list.appendChild(li);
    });
    box.appendChild(list);
    document.body.prepend(box);
  }

  window.portalPreview = {
    update: function (state) {
      seq = state.seq;
      retry = 0;
      if (state.report) {
        show(state.report);
      } else if (state.page !== page) {
        location.reload();
      } else if (box) {
        box.remove();
        box = null;
      }
    }
  };

  function poll() {
    var s = document.createElement("script");
    s.src = "/_preview/wait?seq=" + seq;
    s.onload = function () {
      s.remove();
      setTimeout(poll, 0);
    };
    s.onerror = function () {
      s.remove();
      retry = Math.min(retry * 2 || 250, 4000); // the preview stopped or restarts
      setTimeout(poll, retry);
    };
    document.head.appendChild(s);
  }

  // A script still loading would hold the page's load event: wait for it first.
  if (document.readyState === "complete") {
    poll();
  } else {
    addEventListener("load", poll);
  }
})();
