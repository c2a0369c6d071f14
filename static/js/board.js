// Kanban drag and drop with the native HTML5 API. The server decides: every drop is posted
// to the card's move URL and the board is re-rendered from the database, so a refused move
// snaps the card back and the reason arrives as a toast (HX-Trigger "toast", see orbit.js).
(function () {
  "use strict";

  var draggedId = null;

  function csrfHeaders() {
    // The token travels in <body hx-headers>, which htmx.ajax does not inherit without a source.
    try {
      return JSON.parse(document.body.getAttribute("hx-headers") || "{}");
    } catch (error) {
      return {};
    }
  }

  function dropZone(target) {
    return target instanceof Element ? target.closest("[data-drop-status]") : null;
  }

  function clearHighlights() {
    document.querySelectorAll(".drop-over").forEach(function (zone) {
      zone.classList.remove("drop-over");
    });
  }

  function move(card, status, zone) {
    if (!card || !status || card.dataset.status === status) return;
    // Show the move at once; the board re-rendered by the server replaces this guess.
    var list = zone.querySelector(".board-cards");
    if (list) list.prepend(card);
    card.classList.add("board-card-pending");
    htmx.ajax("POST", card.dataset.moveUrl, {
      source: card,
      target: "#board",
      swap: "outerHTML",
      values: { status: status },
      headers: csrfHeaders(),
    });
  }

  document.addEventListener("dragstart", function (event) {
    var card = event.target instanceof Element ? event.target.closest(".board-card") : null;
    if (!card) return;
    draggedId = card.dataset.id;
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", draggedId);
    card.classList.add("board-card-dragging");
  });

  document.addEventListener("dragend", function (event) {
    if (event.target instanceof Element) event.target.classList.remove("board-card-dragging");
    draggedId = null;
    clearHighlights();
  });

  document.addEventListener("dragover", function (event) {
    var zone = dropZone(event.target);
    if (!zone || draggedId === null) return;
    event.preventDefault(); // allows the drop
    event.dataTransfer.dropEffect = "move";
    if (!zone.classList.contains("drop-over")) {
      clearHighlights();
      zone.classList.add("drop-over");
    }
  });

  document.addEventListener("dragleave", function (event) {
    var zone = dropZone(event.target);
    if (zone && !zone.contains(event.relatedTarget)) zone.classList.remove("drop-over");
  });

  document.addEventListener("drop", function (event) {
    var zone = dropZone(event.target);
    if (!zone) return;
    event.preventDefault();
    clearHighlights();
    var id = event.dataTransfer.getData("text/plain") || draggedId;
    var card = document.getElementById("card-" + id);
    move(card, zone.dataset.dropStatus, zone);
  });
})();
