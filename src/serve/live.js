// Shingle preview: reloads the page after each rebuild, swaps stylesheets when only CSS changed,
// and shows build errors over the page until they are fixed. Served by `shingle serve` only.
(function () {
  "use strict";

  var OVERLAY_ID = "shingle-error";
  var STYLE_URL = "/__shingle/overlay.css";
  var retryDelay = 500;
  var lostConnection = false;

  function connect() {
    var source = new EventSource("/__shingle/events");

    source.addEventListener("open", function () {
      retryDelay = 500;
      // the server restarted while this page was open: what it serves may have changed
      if (lostConnection) {
        location.reload();
      }
    });

    source.addEventListener("reload", function () {
      location.reload();
    });

    source.addEventListener("css", function () {
      swapStylesheets();
    });

    source.addEventListener("ok", function () {
      removeOverlay();
    });

    // "error" is both our event (with the build problems as data) and the browser's own
    // signal that the connection dropped (without data)
    source.addEventListener("error", function (event) {
      if (typeof event.data === "string") {
        showOverlay(event.data);
        return;
      }
      lostConnection = true;
      if (source.readyState === EventSource.CLOSED) {
        source.close();
        setTimeout(connect, retryDelay);
        retryDelay = Math.min(retryDelay * 2, 5000);
      }
    });
  }

  function swapStylesheets() {
    var stamp = String(Date.now());
    var links = document.querySelectorAll('link[rel~="stylesheet"]');
    for (var i = 0; i < links.length; i++) {
      var link = links[i];
      var url = new URL(link.href, location.href);
      if (url.origin !== location.origin) {
        continue;
      }
      url.searchParams.set("shingle-reload", stamp);
      // the new sheet is added beside the old one, which is removed once the new one has
      // loaded, so the page never shows unstyled
      var fresh = link.cloneNode(false);
      fresh.href = url.href;
      fresh.addEventListener("load", removeLater(link));
      fresh.addEventListener("error", removeLater(link));
      link.parentNode.insertBefore(fresh, link.nextSibling);
    }
  }

  function removeLater(node) {
    return function () {
      if (node.parentNode) {
        node.parentNode.removeChild(node);
      }
    };
  }

  function removeOverlay() {
    var old = document.getElementById(OVERLAY_ID);
    if (old) {
      old.parentNode.removeChild(old);
    }
  }

  // The same markup the server puts into pages while the site does not build.
  function showOverlay(text) {
    removeOverlay();
    var box = document.createElement("div");
    box.id = OVERLAY_ID;
    box.setAttribute("role", "alert");
    var style = document.createElement("link");
    style.rel = "stylesheet";
    style.href = STYLE_URL;
    box.appendChild(style);
    var title = document.createElement("p");
    title.className = "shingle-error-title";
    title.textContent = "Shingle could not rebuild the site";
    box.appendChild(title);
    var details = document.createElement("pre");
    details.textContent = text;
    box.appendChild(details);
    var note = document.createElement("p");
    note.className = "shingle-error-note";
    note.textContent =
      "The preview shows the last version that built. Fix the problem and save: this message goes away by itself.";
    box.appendChild(note);
    document.body.appendChild(box);
  }

  connect();
})();
