/* The visible countdown of the "explain it in one minute" question. Progressive
   enhancement: the server renders the time left at page load and measures the real
   time taken from when the question was served; this only keeps the display moving.
   It counts from the server's figure, so a wrong clock on this computer does not matter. */
(function () {
  "use strict";

  var timer = document.getElementById("explain-timer");
  if (!timer) {
    return;
  }
  var value = timer.querySelector(".timer-value");
  var left = parseInt(timer.dataset.secondsLeft, 10);
  if (!value || isNaN(left) || left <= 0) {
    return;
  }
  var deadline = Date.now() + left * 1000;

  function show() {
    var remaining = Math.max(0, Math.round((deadline - Date.now()) / 1000));
    if (remaining === 0) {
      timer.textContent = "Time is up. Finish your sentence and submit.";
      timer.classList.add("is-over");
      window.clearInterval(ticking);
      return;
    }
    var minutes = Math.floor(remaining / 60);
    var seconds = remaining % 60;
    value.textContent = minutes + ":" + (seconds < 10 ? "0" : "") + seconds;
    timer.classList.toggle("is-low", remaining <= 10);
  }

  var ticking = window.setInterval(show, 250);
  show();
}());
