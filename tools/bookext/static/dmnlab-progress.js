/* A learner's progress, kept in this browser only (dmnlab.course.progress adds this file).
 *
 * What is stored: the option chosen in each self-check question, and the chapters marked
 * "finished", with the time of each. Where: localStorage of this browser, under one
 * course-specific, versioned key. Nothing is sent anywhere and no cookie is set. Works from a
 * web host and from file:// (no fetch, no server). The "My progress" page (book/progress.md)
 * lists it and offers export, import and reset.
 */
(function () {
  "use strict";
  var KEY = "dmnlab:dmn-depression-ketamine:progress:v1";
  var VERSION = 1;

  function empty() { return { version: VERSION, quiz: {}, finished: {} }; }
  function isMap(x) { return !!x && typeof x === "object" && !Array.isArray(x); }

  var store = (function () {
    try {
      window.localStorage.setItem(KEY + ":probe", "1");
      window.localStorage.removeItem(KEY + ":probe");
      return window.localStorage;
    } catch (e) { return null; }   // storage switched off, or a sandboxed frame
  })();

  /* Why `data` is not a progress file of this course, or "" if it is one. */
  function problem(data) {
    if (!isMap(data)) return "it does not hold a JSON object";
    if (data.version !== VERSION) return "its version is " + JSON.stringify(data.version) + ", not " + VERSION;
    if (!isMap(data.quiz) || !isMap(data.finished)) return "it has no 'quiz' and 'finished' sections";
    for (var q in data.quiz) {
      var a = data.quiz[q];
      if (!isMap(a) || typeof a.choice !== "number" || a.choice % 1 !== 0) return "the answer to " + q + " is not an option number";
    }
    for (var c in data.finished) {
      if (typeof data.finished[c] !== "string") return "the date for " + c + " is not text";
    }
    return "";
  }
  function load() {
    if (!store) return empty();
    try {
      var data = JSON.parse(store.getItem(KEY));
      return problem(data) ? empty() : data;
    } catch (e) { return empty(); }
  }
  function save(data) { if (store) store.setItem(KEY, JSON.stringify(data)); }

  var meta = document.querySelector('meta[name="dmnlab-page"]');
  var page = meta ? meta.content : "";

  /* Self-check questions: restore the chosen option, then remember every new choice. */
  function restoreQuiz(data) {
    document.querySelectorAll(".dmnlab-quiz input[type=radio]").forEach(function (radio) {
      var answer = data.quiz[radio.name];
      if (answer && String(answer.choice) === radio.value && !radio.checked) {
        radio.checked = true;
        radio.dispatchEvent(new Event("change", { bubbles: true }));   // shows its feedback
      }
    });
  }
  function watchQuiz() {
    document.addEventListener("change", function (event) {
      var radio = event.target;
      if (!radio.matches || !radio.matches(".dmnlab-quiz input[type=radio]")) return;
      var data = load();
      data.quiz[radio.name] = { page: page, choice: Number(radio.value),
                                right: radio.dataset.verdict === "Right", at: new Date().toISOString() };
      save(data);
    });
  }

  /* Sidebar: a tick after every finished chapter. */
  function markSidebar(data) {
    document.querySelectorAll(".bd-sidebar-primary nav a.reference").forEach(function (link) {
      var old = link.querySelector(".dmnlab-done");
      if (old) old.remove();
      var path = new URL(link.getAttribute("href"), window.location.href).pathname;
      var done = Object.keys(data.finished).some(function (chapter) {
        return path.slice(-(chapter.length + 6)) === "/" + chapter + ".html";
      });
      if (done) {
        var mark = document.createElement("span");
        mark.className = "dmnlab-done";
        mark.innerHTML = '<span aria-hidden="true"> ✓</span><span class="visually-hidden"> (finished)</span>';
        link.appendChild(mark);
      }
    });
  }

  /* "I finished this chapter": a toggle button at the end of every chapter page. */
  function finishButtons() {
    document.querySelectorAll(".dmnlab-finish").forEach(function (box) {
      var chapter = box.dataset.chapter;
      var button = box.querySelector("button");
      var status = box.querySelector("[role=status]");
      function show() { button.setAttribute("aria-pressed", String(!!load().finished[chapter])); }
      show();
      button.addEventListener("click", function () {
        var data = load();
        if (data.finished[chapter]) { delete data.finished[chapter]; } else { data.finished[chapter] = new Date().toISOString(); }
        save(data);
        show();
        markSidebar(data);
        status.textContent = !store ? "This browser does not allow the page to store anything, so the mark will not be kept."
          : data.finished[chapter] ? "Marked as finished, in this browser." : "Mark removed.";
      });
    });
  }

  /* The "My progress" page. */
  function progressPage(root) {
    var chapters = window.DMNLAB_CHAPTERS || [];
    var status = root.querySelector("[role=status]");
    var table = root.querySelector("tbody");
    function say(text) { status.textContent = text; }
    function render() {
      var data = load();
      table.innerHTML = "";
      chapters.forEach(function (chapter) {
        var answered = 0, right = 0;
        chapter.quiz.forEach(function (name) {
          var answer = data.quiz[name];
          if (answer) { answered += 1; if (answer.right) right += 1; }
        });
        var row = document.createElement("tr");
        var when = data.finished[chapter.page];
        row.innerHTML = "<td></td><td></td><td></td>";
        var link = document.createElement("a");
        link.href = chapter.url;
        link.textContent = chapter.title;
        row.children[0].appendChild(link);
        row.children[1].textContent = when ? "✓ finished " + when.slice(0, 10) : "not yet";
        row.children[2].textContent = chapter.quiz.length
          ? answered + " of " + chapter.quiz.length + " answered, " + right + " right" : "no questions";
        row.dataset.page = chapter.page;
        table.appendChild(row);
      });
    }
    if (!store) say("This browser does not allow the page to store anything (private mode or storage switched off): progress cannot be kept here.");
    root.querySelector(".dmnlab-export").addEventListener("click", function () {
      var blob = new Blob([JSON.stringify(load(), null, 1)], { type: "application/json" });
      var link = document.createElement("a");
      link.href = URL.createObjectURL(blob);
      link.download = "dmn-course-progress.json";
      document.body.appendChild(link);
      link.click();
      link.remove();
      say("Exported: the file dmn-course-progress.json is in your downloads.");
    });
    var file = root.querySelector(".dmnlab-import");
    file.addEventListener("change", function () {
      if (!file.files.length) return;
      var reader = new FileReader();
      reader.onload = function () {
        var data;
        try { data = JSON.parse(reader.result); } catch (e) { data = null; }
        var why = data === null ? "it is not JSON" : problem(data);
        if (why) { say("Nothing imported: this is not a progress file of this course (" + why + ")."); file.value = ""; return; }
        var mine = load();
        Object.keys(data.quiz).forEach(function (q) { mine.quiz[q] = data.quiz[q]; });
        Object.keys(data.finished).forEach(function (c) { mine.finished[c] = data.finished[c]; });
        save(mine);
        render();
        markSidebar(mine);
        say("Imported " + Object.keys(data.quiz).length + " answers and " + Object.keys(data.finished).length + " finished chapters.");
        file.value = "";
      };
      reader.readAsText(file.files[0]);
    });
    var confirmBox = root.querySelector(".dmnlab-reset-confirm");
    root.querySelector(".dmnlab-reset").addEventListener("click", function () {
      confirmBox.hidden = false;
      confirmBox.querySelector(".dmnlab-reset-yes").focus();
    });
    confirmBox.querySelector(".dmnlab-reset-no").addEventListener("click", function () {
      confirmBox.hidden = true;
      say("Nothing was deleted.");
    });
    confirmBox.querySelector(".dmnlab-reset-yes").addEventListener("click", function () {
      if (store) store.removeItem(KEY);
      confirmBox.hidden = true;
      render();
      markSidebar(empty());
      say("Your progress in this browser was deleted.");
    });
    render();
  }

  function start() {
    var data = load();
    restoreQuiz(data);
    watchQuiz();
    finishButtons();
    markSidebar(data);
    var root = document.getElementById("dmnlab-progress");
    if (root) progressPage(root);
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
