// Quick exit and a one-entry history, as an enhancement: without JavaScript the exit is a
// plain link to a neutral site and the portal's links are ordinary links.
//
// - The exit (click, Shift pressed three times within five seconds, or Escape) blanks the
//   page at once and replaces the current history entry with the neutral site.
// - Links between portal pages replace the current history entry instead of adding one, so
//   the tab holds at most one portal entry; after the exit, Back leads to wherever the
//   visitor was before the portal.
// - Keys typed into a form field never trigger the exit.
(function () {
  "use strict";
  var exit = document.querySelector("[data-quick-exit]");
  if (!exit || !window.location.replace) {
    return;
  }
  var target = exit.href;

  function leave(event) {
    if (event) {
      event.preventDefault();
    }
    document.documentElement.classList.add("exiting");
    document.title = "";
    window.location.replace(target);
  }

  function typing(el) {
    return el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));
  }

  var presses = 0;
  var since = 0;
  document.addEventListener("keyup", function (event) {
    if (typing(event.target)) {
      return;
    }
    if (event.key === "Escape") {
      leave(event);
      return;
    }
    if (event.key !== "Shift") {
      presses = 0;
      return;
    }
    var now = Date.now();
    if (presses === 0 || now - since > 5000) {
      presses = 0;
      since = now;
    }
    presses += 1;
    if (presses >= 3) {
      leave(event);
    }
  });

  exit.addEventListener("click", leave);

  document.addEventListener("click", function (event) {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey ||
        event.shiftKey || event.altKey) {
      return;
    }
    var link = event.target.closest ? event.target.closest("a[href]") : null;
    if (!link || link.target || link.hasAttribute("download")) {
      return;
    }
    var url = new URL(link.href, window.location.href);
    if (url.origin !== window.location.origin) {
      return;
    }
    event.preventDefault();
    window.location.replace(url.href);
  });

  // A page restored from the back/forward cache after an exit must not show itself again.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted && document.documentElement.classList.contains("exiting")) {
      window.location.replace(target);
    }
  });
}());
