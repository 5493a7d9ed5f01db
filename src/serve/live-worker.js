// Shingle preview's shared worker: holds the one event stream that every open page of the site
// listens through, and passes each event to every page. (A browser opens at most six
// connections to a site; with a stream per page, the seventh page never loaded.) Pages say
// "hello" when they start listening and "bye" when they go; once none is left, the stream is
// closed, which frees the server's place at once.
var ports = [];
var lastError = null;
var stop = null;

function deliver(message) {
  // kept for pages that say hello later: they must learn the site does not build
  if (message.type === "error") {
    lastError = message.data;
  } else if (message.type === "ok") {
    lastError = null;
  }
  for (var i = 0; i < ports.length; i++) {
    ports[i].postMessage(message);
  }
}

function hello(port) {
  if (ports.indexOf(port) < 0) {
    ports.push(port);
  }
  if (lastError !== null) {
    port.postMessage({ type: "error", data: lastError });
  }
  if (stop === null) {
    stop = openEvents(deliver);
  }
}

function bye(port) {
  var at = ports.indexOf(port);
  if (at >= 0) {
    ports.splice(at, 1);
  }
  if (ports.length === 0 && stop !== null) {
    stop();
    stop = null;
    lastError = null;
  }
}

self.addEventListener("connect", function (event) {
  var port = event.ports[0];
  if (typeof EventSource !== "function") {
    port.postMessage({ type: "unsupported" });
    return;
  }
  port.addEventListener("message", function (message) {
    if (message.data === "hello") {
      hello(port);
    } else if (message.data === "bye") {
      bye(port);
    }
  });
  port.start();
});
