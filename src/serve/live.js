// Shingle preview: reloads the page after each rebuild, swaps stylesheets when only CSS changed,
// and shows build errors over the page until they are fixed. Served by `shingle serve` only,
// after events.js (`openEvents`).
//
// A browser opens at most six connections to a site, so the pages of one site share a single
// event stream rather than holding one each: through a shared worker; where there is none,
// through one page that leads (chosen with a lock) and passes events to the others on a
// broadcast channel; where neither works, each page listens only while it is shown.

var OVERLAY_ID = "shingle-error";
var STYLE_URL = "/__shingle/overlay.css";
var WORKER_URL = "/__shingle/live-worker.js";
var SHARED_NAME = "shingle-live";

function handle(message) {
  switch (message.type) {
    case "reload":
    case "restarted":
      location.reload();
      break;
    case "css":
      swapStylesheets();
      break;
    case "error":
      showOverlay(message.data);
      break;
    case "ok":
      removeOverlay();
      break;
  }
}

// Every page of the site through one shared worker. False when the browser has none;
// `fallBack` runs if the worker turns out not to work.
function throughWorker(fallBack) {
  if (typeof SharedWorker !== "function") {
    return false;
  }
  var worker;
  try {
    worker = new SharedWorker(WORKER_URL, { name: SHARED_NAME });
  } catch (error) {
    // a policy of the page forbids workers
    return false;
  }
  var port = worker.port;
  var failed = false;
  function fail() {
    if (!failed) {
      failed = true;
      port.close();
      fallBack();
    }
  }
  worker.addEventListener("error", fail);
  port.addEventListener("message", function (event) {
    if (event.data.type === "unsupported") {
      fail();
    } else if (!failed) {
      handle(event.data);
    }
  });
  port.start();
  port.postMessage("hello");
  // leaving (or entering the back/forward cache) and coming back
  window.addEventListener("pagehide", function () {
    port.postMessage("bye");
  });
  window.addEventListener("pageshow", function (event) {
    if (event.persisted && !failed) {
      port.postMessage("hello");
    }
  });
  return true;
}

// One page leads: it holds the lock (until it closes, when the next page gets it) and the
// stream, and passes each event on to the other pages. False without locks or channels.
function throughLeader() {
  if (typeof BroadcastChannel !== "function" || !navigator.locks) {
    return false;
  }
  var channel = new BroadcastChannel(SHARED_NAME);
  var leading = false;
  var lastError = null;
  channel.addEventListener("message", function (event) {
    if (event.data.type === "hello") {
      // a page that opened while the site does not build learns it from the leader
      if (leading && lastError !== null) {
        channel.postMessage({ type: "error", data: lastError });
      }
      return;
    }
    handle(event.data);
  });
  navigator.locks.request(SHARED_NAME, function () {
    leading = true;
    openEvents(function (message) {
      if (message.type === "error") {
        lastError = message.data;
      } else if (message.type === "ok") {
        lastError = null;
      }
      // passed on first: a reload here ends this script
      channel.postMessage(message);
      handle(message);
    });
    // never settles: the lock is held as long as the page is open
    return new Promise(function () {});
  });
  channel.postMessage({ type: "hello" });
  return true;
}

// Each page on its own stream, only while shown, so hidden pages give their connection back.
// A page shown again reloads once its stream is open: it may have missed a rebuild.
function whileShown() {
  var stop = null;
  var wasHidden = false;
  function update() {
    if (document.hidden) {
      if (stop !== null) {
        stop();
        stop = null;
      }
      wasHidden = true;
    } else if (stop === null) {
      stop = openEvents(function (message) {
        if (message.type === "open" && wasHidden) {
          location.reload();
        }
        handle(message);
      });
    }
  }
  document.addEventListener("visibilitychange", update);
  update();
}

function fallBack() {
  if (!throughLeader()) {
    whileShown();
  }
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

if (!throughWorker(fallBack)) {
  fallBack();
}
