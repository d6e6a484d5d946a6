// The room's page, a little nicer with JavaScript: the ballot is sent without a reload and the
// answer shows at once; points left and what is still to choose are counted as you go.
// Without JavaScript the same form posts and the laptop answers with a page.
// The exercise countdown the facilitator runs: asked of the laptop every two seconds and
// counted down here in between. Only the time comes back, the same for every phone.
(function () {
  "use strict";
  var box = document.querySelector(".timer");
  if (!box || !window.fetch) { return; }
  var clock = box.querySelector(".clock"), label = box.querySelector(".timer-state");
  var state = box.dataset.state, left = parseInt(box.dataset.remaining || "0", 10);
  var since = Date.now();
  function two(n) { return (n < 10 ? "0" : "") + n; }
  function draw() {
    var shown = left;
    if (state === "running") {
      shown = Math.max(0, Math.ceil(left - (Date.now() - since) / 1000));
    }
    clock.textContent = two(Math.floor(shown / 60)) + ":" + two(shown % 60);
    box.hidden = state === "idle";
    box.dataset.state = state;
  }
  function ask() {
    fetch("/api/timer", { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (body) {
        if (!body) { return; }
        state = body.state; left = body.remaining; since = Date.now();
        label.textContent = body.text || "";
        draw();
      }).catch(function () {});
  }
  setInterval(draw, 250);
  setInterval(ask, 2000);
  ask();
})();

(function () {
  "use strict";
  var form = document.querySelector("form.ballot");
  if (!form) { return; }
  var left = form.querySelector(".left");
  var kind = form.dataset.kind;
  var budget = parseInt(form.dataset.budget || "0", 10);
  var words = document.documentElement.lang === "nl"
    ? { left: "punten over", open: "nog te kiezen", sending: "Versturen…",
        failed: "Niet verstuurd: probeer het opnieuw." }
    : { left: "points left", open: "still to choose", sending: "Sending…",
        failed: "Not sent: please try again." };

  function count() {
    var open = 0, spent = 0;
    form.querySelectorAll(".item").forEach(function (item) {
      if (kind === "score") {
        item.querySelectorAll("fieldset").forEach(function (set) {
          if (!set.querySelector("input:checked")) { open += 1; }
        });
      } else if (kind === "rank") {
        if (!item.querySelector("select").value) { open += 1; }
      } else {
        var box = item.querySelector("input[type=number]");
        var skip = item.querySelector("input[type=checkbox]");
        if (skip && skip.checked) { return; }
        if (box.value === "") { open += 1; } else { spent += parseInt(box.value, 10) || 0; }
      }
    });
    var text = open ? open + " " + words.open : "";
    if (kind === "points") { text = (budget - spent) + " " + words.left + (text ? " · " + text : ""); }
    left.textContent = text;
  }

  function show(cls, text) {
    var old = document.querySelector("p.received, p.error");
    if (old) { old.remove(); }
    var p = document.createElement("p");
    p.className = cls;
    p.setAttribute("role", cls === "error" ? "alert" : "status");
    p.textContent = text;
    document.querySelector("h1").after(p);
    p.scrollIntoView({ block: "nearest" });
  }

  form.addEventListener("input", function () { document.body.classList.add("changed"); count(); });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var button = form.querySelector("button[type=submit]");
    button.disabled = true;
    left.textContent = words.sending;
    fetch(form.action, {
      method: "POST", credentials: "same-origin",
      headers: { "Accept": "application/json",
                 "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(new FormData(form)).toString()
    }).then(function (response) {
      return response.json().then(function (body) { return { ok: response.ok, body: body }; });
    }).then(function (answer) {
      document.body.classList.remove("changed");
      if (answer.ok) {
        show("received", answer.body.message);
        var state = document.querySelector(".state");
        if (state) { state.textContent = answer.body.state_text; state.dataset.state = answer.body.state; }
      } else {
        show("error", answer.body.error || words.failed);
      }
    }).catch(function () { show("error", words.failed); })
      .finally(function () { button.disabled = false; count(); });
  });
  count();
})();
