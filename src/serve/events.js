// The live-reload event stream as a page (live.js) or the shared worker (live-worker.js) holds
// it; the server puts this file into both. `openEvents(deliver)` connects, hands every event to
// `deliver` as {type, data}, reconnects when the connection drops and then reports
// {type: "restarted"} (the server may serve something else now). It returns a function that
// closes the stream for good.
function openEvents(deliver) {
  var retryDelay = 500;
  var lost = false;
  var stopped = false;
  var source = null;
  var timer = null;

  function connect() {
    source = new EventSource("/__shingle/events");

    source.addEventListener("open", function () {
      retryDelay = 500;
      deliver({ type: "open" });
      if (lost) {
        lost = false;
        deliver({ type: "restarted" });
      }
    });

    forward(source, "reload");
    forward(source, "css");
    forward(source, "ok");

    // "error" is both our event (with the build problems as data) and the browser's own
    // signal that the connection dropped (without data)
    source.addEventListener("error", function (event) {
      if (typeof event.data === "string") {
        deliver({ type: "error", data: event.data });
        return;
      }
      lost = true;
      // the browser retries by itself, unless the answer was no event stream (a 503 while too
      // many pages listen): then this retries, waiting longer each time
      if (source.readyState === EventSource.CLOSED && !stopped) {
        source.close();
        timer = setTimeout(connect, retryDelay);
        retryDelay = Math.min(retryDelay * 2, 5000);
      }
    });
  }

  function forward(from, type) {
    from.addEventListener(type, function (event) {
      deliver({ type: type, data: event.data });
    });
  }

  connect();
  return function stop() {
    stopped = true;
    clearTimeout(timer);
    source.close();
  };
}
