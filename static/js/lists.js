// The applications list: "select all" and the selection count in the bulk bar.
// Everything works without this file; it only saves clicks.
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

  document.addEventListener("DOMContentLoaded", update);
  document.addEventListener("htmx:afterSettle", update);
})();
