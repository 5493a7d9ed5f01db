// The editor's small tools: elements, requests to the preview server with this run's key, the
// status line, and the words for each kind of content. Shared by every screen.

export const PREFIX = '/__shingle/edit/';

const KEY = document.querySelector('meta[name="shingle-key"]').content;

/** An element with attributes (`on*` become listeners) and children (text or elements). */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on')) el.addEventListener(name.slice(2), value);
    else if (name === 'text') el.textContent = value;
    else if (value === true) el.setAttribute(name, '');
    else el.setAttribute(name, String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

let uniqueCount = 0;

export function unique(base) {
  uniqueCount += 1;
  return `${base.replace(/[^a-zA-Z0-9_-]/g, '-')}-${uniqueCount}`;
}

/** Asks the server: GET with `query`, or POST `body` (JSON, or bytes with `type`). */
export async function api(name, { query, body, bytes, type } = {}) {
  const url = PREFIX + 'api/' + name + (query ? '?' + new URLSearchParams(query).toString().replace(/\+/g, '%20') : '');
  const options = { headers: { 'X-Shingle-Key': KEY }, credentials: 'same-origin', cache: 'no-store' };
  if (bytes !== undefined) {
    options.method = 'POST';
    options.headers['Content-Type'] = type || 'application/octet-stream';
    options.body = bytes;
  } else if (body !== undefined) {
    options.method = 'POST';
    options.headers['Content-Type'] = 'application/json';
    options.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(url, options);
  } catch {
    return { ok: false, status: 0, data: { message: 'The preview server does not answer. Is shingle serve still running?' } };
  }
  let data = {};
  try {
    data = await response.json();
  } catch {
    data = { message: `The preview server answered ${response.status}.` };
  }
  return { ok: response.ok, status: response.status, data };
}

/** Says something in the status line (read out by screen readers), with optional buttons. */
export function say(message, ...actions) {
  const status = document.getElementById('status');
  const close = h('button', { type: 'button', class: 'link dismiss', onclick: () => status.replaceChildren() }, 'Dismiss');
  status.replaceChildren(h('p', {}, message, ...actions.filter(Boolean).map((a) => [' ', a]), ' ', close));
}

export function main() {
  return document.getElementById('main');
}

export function setTitle(text) {
  document.title = `${text} — Shingle editor`;
}

export function capital(text) {
  return text ? text[0].toUpperCase() + text.slice(1) : text;
}

export const KIND_WORDS = {
  service: ['Services', 'service', 'New service'],
  testimonial: ['Testimonials', 'testimonial', 'New testimonial'],
  'case-study': ['Case studies', 'case study', 'New case study'],
  post: ['Blog posts', 'post', 'New blog post'],
  page: ['Pages', 'page', 'New page'],
  home: ['Pages', 'page', null],
  section: ['Pages', 'page', null],
  skills: ['Skills and FAQ', 'list', null],
  faq: ['Skills and FAQ', 'list', null],
};

export function fileUrl(rel) {
  return `${PREFIX}file?path=${encodeURIComponent(rel)}`;
}

/** A button undoing change `entry`; `what`, when given, completes its name for screen readers. */
export function undoButton(entry, label = 'Undo', what = null) {
  return h('button', { type: 'button', class: 'link', 'aria-label': what ? `${label}: ${what}` : null, onclick: () => undo(entry) }, label);
}

async function undo(entry, anyway = false) {
  const { ok, data, status } = await api('undo', { body: { id: entry, anyway } });
  if (ok) {
    say(`Done: ${data.what}.`);
    // what is on the screen may be what was just undone: show the files as they are now
    setTimeout(() => location.reload(), 600);
  } else if (status === 409 && !anyway) {
    say(`${data.message}. Undo anyway, losing the later change?`, h('button', { type: 'button', class: 'link', onclick: () => undo(entry, true) }, 'Undo anyway'));
  } else {
    say(data.message || 'Could not undo.');
  }
}
