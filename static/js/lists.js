// The applications list: "select all", the selection count in the bulk bar, and filter menus
// that behave like menus. Everything works without this file; it only saves clicks.
(function () {
  "use strict";

  function update() {
    var boxes = document.querySelectorAll("#results .lists-select");
    var checked = document.querySelectorAll("#results .lists-select:checked").length;
    var all = document.querySelector("#results .lists-select-all");
    if (all) {
      all.checked = boxes.length > 0 && checked === boxes.length;
      all.indeterminate = checked > 0 && checked < boxes.length;
    }
    var bar = document.getElementById("bulk");
    var count = bar && bar.querySelector(".lists-selected-count");
    if (!bar || !count) return;
    bar.classList.toggle("has-selection", checked > 0);
    count.textContent = checked
      ? checked + " selected"
      : "Select rows below to act on many at once.";
  }

  document.addEventListener("change", function (event) {
    var target = event.target;
    if (!(target instanceof HTMLInputElement)) return;
    if (target.classList.contains("lists-select-all")) {
      document.querySelectorAll("#results .lists-select").forEach(function (box) {
        box.checked = target.checked;
      });
      update();
    } else if (target.classList.contains("lists-select")) {
      update();
    }
  });

  // Filter menus (<details>): one open at a time, closed by a click or focus elsewhere and by
  // Escape, so an open menu never hides the other controls or the list.
  function menus() {
    return document.querySelectorAll("details.lists-dropdown");
  }

  function closeMenus(except) {
    menus().forEach(function (menu) {
      if (menu !== except) menu.open = false;
    });
  }

  document.addEventListener("toggle", function (event) {
    var menu = event.target;
    if (menu instanceof HTMLDetailsElement && menu.matches(".lists-dropdown") && menu.open) {
      closeMenus(menu);
    }
  }, true); // toggle does not bubble

  document.addEventListener("click", function (event) {
    var inside = event.target instanceof Element && event.target.closest("details.lists-dropdown");
    closeMenus(inside || null);
  });

  // Tabbing out of an open menu closes it. Deferred: closing a <details> while the browser is
  // still moving focus inside it (a click on a label) crashes Chromium's renderer.
  document.addEventListener("focusout", function (event) {
    var menu = event.target instanceof Element && event.target.closest("details.lists-dropdown");
    var next = event.relatedTarget;
    if (!menu || !(next instanceof Element) || menu.contains(next)) return;
    setTimeout(function () {
      if (!menu.contains(document.activeElement)) menu.open = false;
    }, 0);
  });

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var open = document.querySelector("details.lists-dropdown[open]");
    if (!open) return;
    open.open = false;
    open.querySelector("summary").focus();
  });

  document.addEventListener("DOMContentLoaded", update);
  document.addEventListener("htmx:afterSettle", update);
})();
