// Orbit's own behaviour. No inline scripts anywhere: everything hooks in from here.
(function () {
  "use strict";

  // Toasts fade out by themselves; an "Undo" toast stays long enough to click.
  function scheduleToasts(root) {
    root.querySelectorAll(".toast:not([data-scheduled])").forEach(function (toast) {
      toast.dataset.scheduled = "1";
      var delay = toast.querySelector("button, a") ? 10000 : 5000;
      setTimeout(function () { toast.remove(); }, delay);
    });
  }

  document.addEventListener("DOMContentLoaded", function () { scheduleToasts(document); });
  document.addEventListener("htmx:afterSettle", function () { scheduleToasts(document); });

  // Server-sent toasts: HX-Trigger {"toast": {"message": "...", "level": "success"}}.
  document.body && document.body.addEventListener("toast", function (event) {
    var detail = event.detail || {};
    var region = document.getElementById("toasts");
    if (!region || !detail.message) return;
    var toast = document.createElement("div");
    toast.className = "toast toast-" + (detail.level || "info");
    toast.textContent = detail.message;
    region.appendChild(toast);
    scheduleToasts(region);
  });
})();

// Lets CSS hide controls that JavaScript reveals on demand, without hiding them from no-JS users.
document.documentElement.classList.add("js");

// On a phone the section links scroll sideways; bring the current one into view so the user
// sees where they are (the last match is the most specific when a parent section also matches).
document.addEventListener("DOMContentLoaded", function () {
  var nav = document.querySelector(".topbar .nav");
  if (!nav || nav.scrollWidth <= nav.clientWidth) return;
  var current = nav.querySelectorAll('[aria-current="page"]');
  if (!current.length) return;
  var link = current[current.length - 1].getBoundingClientRect();
  var box = nav.getBoundingClientRect();
  if (link.right > box.right) nav.scrollLeft += link.right - box.right + 24;
});
