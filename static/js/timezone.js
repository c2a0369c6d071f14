// A new account has no time zone yet: tell Orbit the browser's, once. base.html loads this only
// for a signed-in user whose zone is unset; the server keeps a zone that is already set.
(function () {
  "use strict";

  document.addEventListener("DOMContentLoaded", function () {
    var body = document.body;
    var url = body && body.dataset.timezoneUrl;
    var zone = window.Intl && Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (!url || !zone) return;
    var headers = {};
    try {
      headers = JSON.parse(body.getAttribute("hx-headers") || "{}");  // the CSRF token
    } catch (error) {
      return;
    }
    var form = new FormData();
    form.append("timezone", zone);
    fetch(url, { method: "POST", body: form, headers: headers, credentials: "same-origin" });
  });
})();
