//! `shingle serve`: builds the site in memory (drafts included), serves it on a loopback address,
//! watches the files and rebuilds what a change touched, then tells open pages to reload (or to
//! swap stylesheets, or to show the build's errors). Writes a file only when the editor
//! (`editor`, then `edit`) is asked to, and never deletes one.
//! Threads: one accepts connections, one per connection (capped) and one more per event stream
//! to notice its page closing, one rebuilds after changes.

mod editor;
mod http;
mod pages;
mod range;
mod rebuild;
mod reload;
mod route;
mod watch;

use std::io::Write as _;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant, UNIX_EPOCH};

use crate::error::{Diagnostic, Error, plain_io};
use crate::load::config::Config;
use http::{Connection, HEAD_TIMEOUT, Response};
use rebuild::{Builder, Built, Timings};
use reload::{Event, Hub};
use route::{Answer, Hosts, Served};
use watch::{Batch, Watch};

/// Connections served at once; more are answered 503 and closed.
const MAX_CONNECTIONS: usize = 512;
/// Each connection's thread needs little: the site is already in memory.
const CONNECTION_STACK: usize = 256 * 1024;

/// Options of `shingle serve`.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The site's folder.
    pub root: PathBuf,
    /// Port (0: any free port).
    pub port: u16,
    /// Address.
    pub bind: String,
    /// Open a browser.
    pub open: bool,
    /// Poll instead of file-system events.
    pub poll: bool,
    /// Offer the editor (on a loopback address only).
    pub edit: bool,
}

/// What every connection shares.
struct App {
    served: RwLock<Served>,
    hub: Hub,
    hosts: Hosts,
    /// The editor, unless turned off.
    editing: Option<editor::Editing>,
}

/// Runs the preview server until interrupted.
pub fn serve(options: &ServeOptions) -> Result<(), Error> {
    let root = std::path::absolute(&options.root).map_err(|e| Error::io(&options.root, "find", &e))?;
    if !root.join("site.toml").is_file() {
        // not a site at all: say so and stop, like `shingle build`
        Config::load(&root)?;
    }
    let bind = parse_bind(&options.bind)?;
    let listener = TcpListener::bind((bind, options.port)).map_err(|e| bind_error(bind, options.port, &e))?;
    let port = listener.local_addr().map_err(|e| bind_error(bind, options.port, &e))?.port();
    let base_url = format!("http://{}/", route::with_port(shown_address(bind), port));
    let timings = std::env::var_os("SHINGLE_TIMINGS").is_some();

    let watch = Watch::start(&root, options.poll)?;
    // a preview other computers can reach never writes files for them
    let editing = match options.edit && bind.is_loopback() {
        true => Some(editor::Editing::start(&root).map_err(Error::Other)?),
        false => None,
    };
    let app = Arc::new(App {
        served: RwLock::new(Served::default()),
        hub: Hub::default(),
        hosts: Hosts::new(bind, port),
        editing,
    });
    let mut builder = Builder::new(&root, &base_url);
    let started = Instant::now();
    let first = builder.full();
    let title = match &first {
        Ok(built) => built.title.clone(),
        Err(_) => Config::load(&root).map(|c| c.title).unwrap_or_else(|_| "your site".to_string()),
    };
    if let Ok(built) = &first
        && timings
    {
        print_timings("first", 0, Duration::ZERO, &built.timings, started.elapsed(), None);
    }
    apply(&app, first, false);
    say(&format!("Serving {title} at {base_url} — press Ctrl+C to stop"));
    if app.editing.is_some() {
        say(&format!("Edit it in your browser at {base_url}{}", editor::PREFIX.trim_start_matches('/')));
    } else if options.edit {
        say(&format!("The editor is off: the preview can be reached from other computers (--bind {bind})"));
    }
    if options.open {
        open_browser(&base_url);
    }
    let rebuilding = Arc::clone(&app);
    std::thread::Builder::new()
        .name("shingle-rebuild".into())
        .spawn(move || rebuild_loop(watch, builder, &rebuilding, timings))
        .map_err(|e| Error::Other(format!("could not start watching for changes: {e}")))?;
    accept_loop(&listener, &app);
    Ok(())
}

fn parse_bind(bind: &str) -> Result<IpAddr, Error> {
    if bind.eq_ignore_ascii_case("localhost") {
        return Ok(IpAddr::V4(Ipv4Addr::LOCALHOST));
    }
    bind.trim_start_matches('[').trim_end_matches(']').parse().map_err(|_| {
        Error::Other(format!(
            "'{bind}' is not an IP address\n  use --bind 127.0.0.1 (this computer only, the default) or --bind ::1"
        ))
    })
}

fn bind_error(bind: IpAddr, port: u16, err: &std::io::Error) -> Error {
    let address = route::with_port(bind, port);
    match err.kind() {
        std::io::ErrorKind::AddrInUse => Error::Other(format!(
            "port {port} is already in use by another program (another shingle serve?)\n  \
             stop that program, or choose another port: shingle serve --port {}",
            port.wrapping_add(1).max(1024)
        )),
        std::io::ErrorKind::PermissionDenied => Error::Other(format!(
            "could not listen on {address}: permission denied\n  \
             ports below 1024 need special rights; choose another port: shingle serve --port 1111"
        )),
        std::io::ErrorKind::AddrNotAvailable => Error::Other(format!(
            "could not listen on {address}: {bind} is not an address of this computer\n  \
             leave out --bind to preview on this computer only"
        )),
        _ => Error::Other(format!("could not listen on {address}: {}", plain_io(err))),
    }
}

/// The address to show and to build links with: a loopback address when listening on all.
fn shown_address(bind: IpAddr) -> IpAddr {
    match bind {
        IpAddr::V4(v4) if v4.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
        IpAddr::V6(v6) if v6.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
        other => other,
    }
}

/// Rebuilds after each batch of changes and tells the open pages.
fn rebuild_loop(mut watch: Watch, mut builder: Builder, app: &Arc<App>, timings: bool) {
    while let Some(batch) = watch.next_batch() {
        let started = Instant::now();
        // the background rendering of the last build would only compete with this one
        if let Some(pages) = &app.served.read().unwrap_or_else(|e| e.into_inner()).pages {
            pages.stop();
        }
        if let Some(changed) = only_static(&batch).and_then(|paths| builder.static_files(&paths)) {
            let css: Vec<&String> = changed.iter().map(|(path, _)| path).filter(|p| p.ends_with(".css")).collect();
            let event = match css.first() {
                Some(first) if css.len() == changed.len() => Event::Css((*first).clone()),
                _ => Event::Reload,
            };
            {
                let mut served = app.served.write().unwrap_or_else(|e| e.into_inner());
                for (path, bytes) in &changed {
                    served.files.insert(path.clone(), Arc::clone(bytes));
                }
            }
            if timings {
                print_timings(
                    "static",
                    batch.events,
                    batch.waited,
                    &Timings::default(),
                    started.elapsed(),
                    Some(&batch),
                );
            }
            app.hub.send(&event);
            continue;
        }
        // static files added, removed or that pages depend on: everything, to be sure
        let full = batch.full || !batch.statics.is_empty();
        let changed: Vec<PathBuf> = batch.content_paths.iter().cloned().collect();
        let result = if full { builder.full() } else { builder.content(&changed) };
        if timings && let Ok(built) = &result {
            let scope = if full { "full" } else { "content" };
            print_timings(scope, batch.events, batch.waited, &built.timings, started.elapsed(), Some(&batch));
        }
        apply(app, result, true);
    }
}

/// The changed static files, when a batch touched nothing else.
fn only_static(batch: &Batch) -> Option<Vec<PathBuf>> {
    (!batch.full && !batch.content && !batch.statics.is_empty()).then(|| batch.statics.iter().cloned().collect())
}

/// Serves a new build, or its errors over the last good one, and tells the open pages.
fn apply(app: &Arc<App>, result: Result<Built, Error>, tell: bool) {
    match result {
        Ok(built) => {
            let (warnings, warning_count) = (built.warnings, built.warning_count);
            let pages = Arc::clone(&built.pages);
            let (old, was_broken) = {
                let mut served = app.served.write().unwrap_or_else(|e| e.into_inner());
                let old = (std::mem::replace(&mut served.files, built.files), served.pages.replace(built.pages));
                served.built = true;
                (old, served.error.take().is_some())
            };
            if tell {
                if was_broken {
                    say("The site builds again.");
                    app.hub.send(&Event::Ok);
                }
                app.hub.send(&Event::Reload);
            }
            if let Some(previous) = &old.1 {
                previous.stop();
            }
            // the old site is freed once the pages were told, outside the lock
            drop(old);
            print_warnings(&warnings, warning_count);
            // the page being looked at renders on request; the others now, in the background,
            // so template problems reach the overlay without holding up the next rebuild
            let app = Arc::clone(app);
            std::thread::spawn(move || {
                let problems = pages.render_all();
                if problems.is_empty() {
                    return;
                }
                let err = Error::Site(problems);
                let text = overlay_text(&err);
                let mut served = app.served.write().unwrap_or_else(|e| e.into_inner());
                if served.pages.as_ref().is_some_and(|current| Arc::ptr_eq(current, &pages)) {
                    served.error = Some(text.clone());
                    drop(served);
                    eprintln!("{err}");
                    if tell {
                        app.hub.send(&Event::Error(text));
                    }
                }
            });
        }
        Err(err) => {
            eprintln!("{err}");
            eprintln!("\nThe preview keeps showing the last version that built, with these problems over it.");
            let text = overlay_text(&err);
            app.served.write().unwrap_or_else(|e| e.into_inner()).error = Some(text.clone());
            if tell {
                app.hub.send(&Event::Error(text));
            }
        }
    }
}

/// A line for the terminal. A terminal that has gone away (output piped into a program that
/// stopped reading) is no reason to stop previewing, so a failed write is let go.
fn say(line: &str) {
    let _ = writeln!(std::io::stdout().lock(), "{line}");
}

/// Every warning of a build, written at once (after the pages were told, so they wait for no terminal).
fn print_warnings(shown: &[Diagnostic], count: usize) {
    let text = crate::error::warnings_text(shown, count);
    let _ = std::io::Write::write_all(&mut std::io::stderr().lock(), text.as_bytes());
}

/// The problems to show in the browser: the errors (warnings stay in the terminal).
fn overlay_text(err: &Error) -> String {
    match err {
        Error::Site(diagnostics) => {
            let errors: Vec<String> = diagnostics.iter().filter(|d| d.is_error()).map(Diagnostic::to_string).collect();
            if errors.is_empty() { err.to_string() } else { errors.join("\n\n") }
        }
        Error::Other(_) => err.to_string(),
    }
}

/// One line per build on stderr, for `SHINGLE_TIMINGS=1` (read by bench/serve-latency).
fn print_timings(scope: &str, events: usize, waited: Duration, t: &Timings, total: Duration, batch: Option<&Batch>) {
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let first_event = batch
        .and_then(|b| b.first_seen)
        .and_then(|seen| seen.duration_since(UNIX_EPOCH).ok())
        .map_or(0.0, |d| d.as_secs_f64() * 1000.0);
    eprintln!(
        "timings: scope={scope} events={events} debounce_ms={:.1} load_ms={:.1} render_ms={:.1} theme_ms={:.1} \
         content_ms={:.1} site_ms={:.1} templates_ms={:.1} pages_ms={:.1} assemble_ms={:.1} rebuild_ms={:.1} \
         first_event_unix_ms={first_event:.1}",
        ms(waited),
        ms(t.load()),
        ms(t.render_all()),
        ms(t.theme),
        ms(t.content),
        ms(t.site),
        ms(t.templates),
        ms(t.render),
        ms(t.assemble),
        ms(total),
    );
}

fn accept_loop(listener: &TcpListener, app: &Arc<App>) {
    let active = Arc::new(AtomicUsize::new(0));
    for stream in listener.incoming() {
        let Ok(stream) = stream else {
            // out of file descriptors, most likely: let some connections finish
            std::thread::sleep(Duration::from_millis(20));
            continue;
        };
        if active.fetch_add(1, Ordering::SeqCst) >= MAX_CONNECTIONS {
            active.fetch_sub(1, Ordering::SeqCst);
            refuse(stream);
            continue;
        }
        let slot = Slot(Arc::clone(&active));
        let app = Arc::clone(app);
        let spawned = std::thread::Builder::new().name("shingle-connection".into()).stack_size(CONNECTION_STACK).spawn(
            move || {
                let _slot = slot;
                connection(stream, &app);
            },
        );
        // when no thread can be started, the closure (slot and socket) is dropped: closed
        drop(spawned);
    }
}

/// A connection being served; frees its place when dropped.
struct Slot(Arc<AtomicUsize>);

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

fn refuse(stream: TcpStream) {
    let _ = stream.set_nonblocking(true);
    let mut stream = stream;
    let busy = Response::text(503, "The preview server is busy; try again in a moment.").with("Retry-After", "1");
    let _ = http::write_response(&mut stream, &busy, false, true);
}

/// Serves one connection: requests until the client closes it, or one event stream.
fn connection(stream: TcpStream, app: &App) {
    let mut connection = Connection::new(stream);
    loop {
        let request = match connection.read_request(Instant::now() + HEAD_TIMEOUT) {
            Ok(request) => request,
            Err(err) => {
                if let Some(status) = err.status() {
                    let message = match status {
                        408 => "The request took too long to arrive.",
                        414 => "The address is too long.",
                        431 => "The request headers are too large.",
                        _ => "Bad request.",
                    };
                    let _ = http::write_response(&mut connection.stream, &Response::text(status, message), false, true);
                    http::close_gently(&mut connection.stream);
                }
                return;
            }
        };
        if let Some(editing) = &app.editing
            && editor::is_edit(&request.target)
        {
            let own = request.host.as_deref().is_some_and(|host| app.hosts.allows(host));
            let pages = app.served.read().unwrap_or_else(|e| e.into_inner()).pages.clone();
            let response = editor::answer(&request, &mut connection, editing, pages.as_deref(), own);
            let close = request.close || matches!(response.status, 400 | 403 | 405 | 408 | 411 | 413);
            if http::write_response(&mut connection.stream, &response, request.method == "HEAD", close).is_err() {
                return;
            }
            if close {
                http::close_gently(&mut connection.stream);
                return;
            }
            continue;
        }
        match route::answer(&request, &app.served, &app.hosts, app.editing.is_some()) {
            Answer::Response(response) => {
                let head_only = request.method == "HEAD";
                // a refused request ends its connection
                let close = request.close || matches!(response.status, 400 | 403 | 405);
                let sent = http::write_response(&mut connection.stream, &response, head_only, close);
                if sent.is_err() {
                    return;
                }
                if close {
                    http::close_gently(&mut connection.stream);
                    return;
                }
            }
            Answer::Events if request.method == "HEAD" => {
                let _ = reload::write_stream_head(&mut connection.stream);
                return;
            }
            Answer::Events => {
                let Some(listener) = app.hub.subscribe() else {
                    let busy = Response::text(503, "Too many pages are open; close some and reload.");
                    let _ = http::write_response(&mut connection.stream, &busy, false, true);
                    return;
                };
                let _ = connection.stream.set_read_timeout(None);
                let error = app.served.read().unwrap_or_else(|e| e.into_inner()).error.clone();
                let _ = reload::stream(&connection.stream, &listener, error);
                return;
            }
        }
    }
}

/// Opens `url` in the default browser, if the system has a way; failure is not a problem.
fn open_browser(url: &str) {
    let mut command = if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else if cfg!(windows) {
        let mut command = std::process::Command::new("cmd");
        command.args(["/C", "start", ""]);
        command
    } else {
        std::process::Command::new("xdg-open")
    };
    command.arg(url);
    command.stdin(std::process::Stdio::null()).stdout(std::process::Stdio::null()).stderr(std::process::Stdio::null());
    if let Ok(mut child) = command.spawn() {
        std::thread::spawn(move || {
            let _ = child.wait();
        });
    }
}
