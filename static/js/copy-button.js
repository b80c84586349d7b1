/* A "Copy" button beside text meant to be copied (the account page's API tokens).
   Progressive enhancement: without JavaScript, or where the Clipboard API is not
   available (it needs HTTPS or localhost), nothing is added and the text stays
   selectable as before.

   Marks: any element with data-copy="text to copy" (data-copy-label names it for
   screen readers), and the one-time new token, #new-api-token (its own text). */
(function () {
  "use strict";

  if (!navigator.clipboard || !window.isSecureContext) {
    return;
  }

  function addButton(source) {
    var text = source.getAttribute("data-copy") || source.textContent.trim();
    var label = source.getAttribute("data-copy-label") || "the token";
    var button = document.createElement("button");
    var status = document.createElement("span");
    button.type = "button";
    button.className = "button secondary small copy-button";
    button.textContent = "Copy";
    button.setAttribute("aria-label", "Copy " + label);
    status.className = "copy-status";
    status.setAttribute("role", "status");
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(text).then(
        function () { status.textContent = "Copied"; },
        function () { status.textContent = "Could not copy; select the text instead."; }
      );
      window.setTimeout(function () { status.textContent = ""; }, 4000);
    });
    source.insertAdjacentElement("afterend", button);
    button.insertAdjacentElement("afterend", status);
  }

  document.querySelectorAll("[data-copy], #new-api-token").forEach(addButton);
})();
