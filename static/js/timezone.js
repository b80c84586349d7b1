/* The browser's time zone as an account setting (dates are stored UTC, shown in it).

   1. On the account page, an empty time-zone field (#timezone) is filled with the
      browser's zone, with a note that it still has to be saved.
   2. For a signed-in user with no zone stored yet, the page's script tag carries
      data-send-url and data-csrf: the zone is sent there once, by POST with the CSRF
      token; the server never lets this replace a zone already chosen.
   Without JavaScript nothing happens and dates show in UTC, labelled so. */
(function () {
  "use strict";

  var script = document.currentScript;
  var zone = "";
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
  } catch (error) {
    return;
  }
  if (!zone) {
    return;
  }

  var field = document.getElementById("timezone");
  if (field && !field.value) {
    field.value = zone;
    var note = document.getElementById("browser-zone-note");
    if (note) {
      note.hidden = false;
    }
  }

  var url = script && script.getAttribute("data-send-url");
  var csrf = script && script.getAttribute("data-csrf");
  if (!url || !csrf || !window.fetch || !window.FormData) {
    return;
  }
  var body = new FormData();
  body.append("csrf_token", csrf);
  body.append("timezone", zone);
  body.append("automatic", "1");
  window.fetch(url, { method: "POST", body: body, credentials: "same-origin" }).catch(function () {
    /* Offline or refused: dates stay in UTC until the next page tries again. */
  });
})();
