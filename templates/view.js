"use strict";
(function () {
  var node = document.getElementById("view-data");
  var data = node ? JSON.parse(node.textContent) : {};
  var labels = data.items || {};
  var segs = Array.prototype.slice.call(document.querySelectorAll(".seg"));
  var tip = document.getElementById("tip");
  var status = document.getElementById("status");

  function cites(seg) {
    return (seg.getAttribute("data-items") || "").split(" ").filter(Boolean);
  }

  function label(id) {
    return labels[id] ? labels[id].label : id;
  }

  function say(text) {
    if (status) status.textContent = text;
  }

  function clearMarks() {
    document.querySelectorAll(".marked, .selected").forEach(function (n) {
      n.classList.remove("marked", "selected");
    });
  }

  function mark(hits, what) {
    hits.forEach(function (s) { s.classList.add("marked"); });
    if (hits.length) {
      hits[0].scrollIntoView({ block: "center" });
      say(what + ": " + hits.length + " highlighted passage(s)");
    } else {
      say(what + ": no passage in the text (ungrounded)");
    }
  }

  function selectItem(id, showCard) {
    clearMarks();
    var card = document.getElementById("item-" + id);
    if (card) {
      card.classList.add("selected");
      if (showCard) card.scrollIntoView({ block: "nearest" });
    }
    document.querySelectorAll(".map-place").forEach(function (dot) {
      if (dot.getAttribute("data-place") === id) dot.classList.add("selected");
    });
    mark(segs.filter(function (s) { return cites(s).indexOf(id) >= 0; }), label(id));
  }

  function markRange(link) {
    clearMarks();
    var box = document.getElementById(link.getAttribute("data-article") || "");
    if (!box) {
      say("the article is not embedded in this page");
      return;
    }
    var start = Number(link.getAttribute("data-start"));
    var end = Number(link.getAttribute("data-end"));
    var hits = Array.prototype.slice.call(box.querySelectorAll(".seg")).filter(function (s) {
      return Number(s.getAttribute("data-start")) >= start && Number(s.getAttribute("data-end")) <= end;
    });
    hits.forEach(function (s) {
      var sentence = s.closest(".sentence");
      if (sentence) sentence.classList.add("marked");
    });
    var card = link.closest("[data-item]");
    if (card) card.classList.add("selected");
    mark(hits, link.textContent);
  }

  document.addEventListener("click", function (ev) {
    var target = ev.target instanceof Element ? ev.target : null;
    if (!target) return;
    var cite = target.closest("a.cite");
    if (cite) {
      ev.preventDefault();
      markRange(cite);
      return;
    }
    var ref = target.closest("a.ref");
    if (ref) {
      ev.preventDefault();
      selectItem(ref.getAttribute("data-ref"), true);
      return;
    }
    var seg = target.closest(".seg");
    if (seg) {
      var ids = cites(seg);
      if (ids.length) selectItem(ids[0], true);
      return;
    }
    var card = target.closest("[data-item]");
    if (card) selectItem(card.getAttribute("data-item"), false);
  });

  document.addEventListener("keydown", function (ev) {
    var target = ev.target instanceof Element ? ev.target : null;
    if (ev.key === "Enter" && target && target.hasAttribute("data-item")) {
      selectItem(target.getAttribute("data-item"), false);
    }
  });

  function showTip(seg) {
    if (!tip) return;
    tip.replaceChildren();
    cites(seg).forEach(function (id) {
      var line = document.createElement("div");
      line.textContent = label(id);
      tip.appendChild(line);
    });
    var box = seg.getBoundingClientRect();
    tip.hidden = false;
    var top = box.bottom + 6;
    if (top + tip.offsetHeight > window.innerHeight) top = Math.max(0, box.top - tip.offsetHeight - 6);
    tip.style.top = top + "px";
    tip.style.left = Math.max(4, Math.min(box.left, window.innerWidth - tip.offsetWidth - 8)) + "px";
  }

  document.addEventListener("mouseover", function (ev) {
    var target = ev.target instanceof Element ? ev.target : null;
    var seg = target ? target.closest(".seg") : null;
    if (seg) showTip(seg);
    else if (tip) tip.hidden = true;
  });
})();
