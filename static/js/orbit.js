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

  function showToast(message, level, undo) {
    var region = document.getElementById("toasts");
    if (!region || !message) return;
    // The same sentence twice (a poll failing again) is one toast, not a pile of them.
    var shown = Array.prototype.some.call(region.children, function (toast) {
      return toast.dataset.message === message;
    });
    if (shown) return;
    var toast = document.createElement("div");
    toast.className = "toast toast-" + (level || "info");
    toast.dataset.message = message;
    var text = document.createElement("span");
    text.textContent = message;
    toast.appendChild(text);
    if (undo && undo.url) toast.appendChild(undoForm(undo, toast));
    region.appendChild(toast);
    if (undo && undo.url && window.htmx) window.htmx.process(toast);
    scheduleToasts(region);
  }

  // The Undo button: a real form (CSRF comes from hx-headers on <body>), gone once pressed.
  function undoForm(undo, toast) {
    var form = document.createElement("form");
    form.method = "post";
    form.action = undo.url;
    form.className = "inline";
    form.setAttribute("hx-post", undo.url);
    form.setAttribute("hx-swap", undo.swap || "none");
    if (undo.target) form.setAttribute("hx-target", undo.target);
    Object.keys(undo.fields || {}).forEach(function (name) {
      [].concat(undo.fields[name]).forEach(function (value) {
        var input = document.createElement("input");
        input.type = "hidden";
        input.name = name;
        input.value = value;
        form.appendChild(input);
      });
    });
    var button = document.createElement("button");
    button.type = "submit";
    button.textContent = "Undo";
    form.appendChild(button);
    form.addEventListener("htmx:beforeRequest", function () { toast.remove(); });
    return form;
  }

  // Server-sent toasts: HX-Trigger {"toast": {"message": "...", "level": "success", "undo": ...}}
  // (orbit/htmx.py, toast()).
  document.body && document.body.addEventListener("toast", function (event) {
    var detail = event.detail || {};
    showToast(detail.message, detail.level, detail.undo);
  });

  // htmx swaps 2xx and 422 (base.html); any other error would otherwise change nothing on
  // screen, so say what happened. A server that sent its own toast has already said it.
  var ERRORS = {
    403: "That was refused. Reload the page and try again.",
    404: "That is no longer here. Reload the page to see what changed.",
    429: "Too many requests in a row. Wait a minute, then try again.",
  };
  document.body && document.body.addEventListener("htmx:responseError", function (event) {
    var xhr = event.detail.xhr;
    if (/"toast"/.test(xhr.getResponseHeader("HX-Trigger") || "")) return;
    showToast(ERRORS[xhr.status] || "Something went wrong on our side. Try again in a moment.", "error");
  });
  document.body && document.body.addEventListener("htmx:sendError", function () {
    showToast("Orbit could not be reached. Check your connection, then try again.", "error");
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
