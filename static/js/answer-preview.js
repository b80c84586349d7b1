/* Live "read as …" preview while typing. Progressive enhancement: without this
   script the server shows the reading on the feedback page (or the error on the
   question page). Talks only to our own /practice/preview JSON endpoint. */
(function () {
  "use strict";

  var input = document.querySelector("input[data-preview-url]");
  var output = document.getElementById("answer-preview");
  if (!input || !output || !window.fetch) {
    return;
  }

  var timer = null;
  var latest = 0;

  function show(text, kind) {
    output.textContent = text;
    output.classList.toggle("is-error", kind === "error");
    output.classList.toggle("is-reading", kind === "reading");
  }

  function update() {
    var text = input.value;
    if (!text.trim()) {
      show("", null);
      return;
    }
    var params = new URLSearchParams({ text: text, expect: input.dataset.expect || "number" });
    if (input.dataset.length) { params.set("length", input.dataset.length); }
    if (input.dataset.percent) { params.set("percent", "1"); }
    var request = ++latest;
    fetch(input.dataset.previewUrl + "?" + params.toString(), {
      headers: { Accept: "application/json" },
      credentials: "same-origin"
    })
      .then(function (response) { return response.json(); })
      .then(function (body) {
        if (request !== latest) { return; } // an older reply arrived late: ignore it
        if (body.reading) {
          show("Read as: " + body.reading, "reading");
        } else if (body.error) {
          show(body.error, "error");
        }
      })
      .catch(function () { /* offline or server gone: the form still works without it */ });
  }

  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(update, 250);
  });
  // After a reload keep showing the reading, unless the server already explains an error.
  if (input.value && !document.getElementById("answer-error")) { update(); }
}());
