// Kanban drag and drop with pointer events, so a mouse, a pen and a finger all work (the
// HTML5 drag API does nothing on most touch screens). A mouse drags the whole card; a finger
// drags the card by its handle, so swiping elsewhere still scrolls the page. The server
// decides: every drop is posted to the card's move URL and the board is re-rendered from the
// database, so a refused move snaps the card back and the reason arrives as a toast
// (HX-Trigger "toast", see orbit.js). Without JavaScript, or by keyboard, each card's Move
// form does the same.
(function () {
  "use strict";

  var START_DISTANCE = 6; // px a mouse moves before a press becomes a drag, not a click
  var EDGE = 48; // px from an edge where a drag scrolls the columns or the page
  var drag = null;

  function csrfHeaders() {
    // The token travels in <body hx-headers>, which htmx.ajax does not inherit without a source.
    try {
      return JSON.parse(document.body.getAttribute("hx-headers") || "{}");
    } catch (error) {
      return {};
    }
  }

  function zoneAt(x, y) {
    var element = document.elementFromPoint(x, y);
    return element ? element.closest("#board [data-drop-status]") : null;
  }

  function highlight(zone) {
    if (drag.zone === zone) return;
    if (drag.zone) drag.zone.classList.remove("drop-over");
    if (zone) zone.classList.add("drop-over");
    drag.zone = zone;
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

  function startDrag() {
    var card = drag.card;
    var box = card.getBoundingClientRect();
    var ghost = card.cloneNode(true);
    ghost.removeAttribute("id");
    ghost.querySelectorAll("[id]").forEach(function (node) { node.removeAttribute("id"); });
    ghost.setAttribute("aria-hidden", "true");
    ghost.classList.add("board-card-ghost");
    ghost.style.width = box.width + "px";
    document.body.appendChild(ghost);
    drag.ghost = ghost;
    drag.offsetX = drag.startX - box.left;
    drag.offsetY = drag.startY - box.top;
    drag.started = true;
    card.classList.add("board-card-dragging");
    document.documentElement.classList.add("board-is-dragging");
    drag.frame = requestAnimationFrame(autoScroll);
  }

  function follow(x, y) {
    drag.x = x;
    drag.y = y;
    drag.ghost.style.transform =
      "translate(" + (x - drag.offsetX) + "px, " + (y - drag.offsetY) + "px)";
    highlight(zoneAt(x, y));
  }

  // Near an edge the columns (sideways) or the page (up and down) scroll under the card, so a
  // card can travel to a column that is off screen on a phone.
  function autoScroll() {
    if (!drag || !drag.started) return;
    var columns = document.querySelector("#board .board-columns");
    if (columns) {
      var box = columns.getBoundingClientRect();
      if (drag.x < box.left + EDGE) columns.scrollLeft -= 12;
      else if (drag.x > box.right - EDGE) columns.scrollLeft += 12;
    }
    var list = drag.zone && drag.zone.querySelector(".board-cards");
    if (list) {
      var inner = list.getBoundingClientRect();
      if (drag.y < inner.top + EDGE) list.scrollTop -= 12;
      else if (drag.y > inner.bottom - EDGE) list.scrollTop += 12;
    }
    if (drag.y < EDGE) window.scrollBy(0, -12);
    else if (drag.y > window.innerHeight - EDGE) window.scrollBy(0, 12);
    highlight(zoneAt(drag.x, drag.y));
    drag.frame = requestAnimationFrame(autoScroll);
  }

  function finish(drop) {
    if (!drag) return;
    var current = drag;
    drag = null;
    cancelAnimationFrame(current.frame);
    if (current.zone) current.zone.classList.remove("drop-over");
    if (!current.started) return;
    current.ghost.remove();
    current.card.classList.remove("board-card-dragging");
    document.documentElement.classList.remove("board-is-dragging");
    if (drop && current.zone) move(current.card, current.zone.dataset.dropStatus, current.zone);
  }

  document.addEventListener("pointerdown", function (event) {
    if (drag || !event.isPrimary || event.button !== 0) return;
    var target = event.target instanceof Element ? event.target : null;
    var card = target && target.closest("#board .board-card");
    if (!card) return;
    var onHandle = target.closest(".board-card-handle") !== null;
    // Fingers and pens drag by the handle; elsewhere they scroll. Controls keep their clicks.
    if (event.pointerType !== "mouse" && !onHandle) return;
    if (!onHandle && target.closest("a, button, select, input, label, textarea")) return;
    drag = { card: card, pointerId: event.pointerId, startX: event.clientX, startY: event.clientY,
             x: event.clientX, y: event.clientY, started: false, zone: null, frame: 0 };
    if (onHandle) event.preventDefault(); // no text selection or emulated mouse events
  });

  document.addEventListener("pointermove", function (event) {
    if (!drag || event.pointerId !== drag.pointerId) return;
    if (!drag.started) {
      var distance = Math.hypot(event.clientX - drag.startX, event.clientY - drag.startY);
      if (distance < START_DISTANCE) return;
      startDrag();
    }
    event.preventDefault();
    follow(event.clientX, event.clientY);
  });

  document.addEventListener("pointerup", function (event) {
    if (!drag || event.pointerId !== drag.pointerId) return;
    if (drag.started) follow(event.clientX, event.clientY);
    finish(true);
  });

  document.addEventListener("pointercancel", function (event) {
    if (drag && event.pointerId === drag.pointerId) finish(false);
  });

  document.addEventListener("keydown", function (event) {
    if (drag && event.key === "Escape") finish(false);
  });
})();
