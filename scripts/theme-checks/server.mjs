// A small static file server for a built site, the way a static host serves it: pretty URLs
// (`/faq/` -> `faq/index.html`), a redirect from `/faq` to `/faq/`, `404.html` with status 404,
// and gzip for text when the browser asks for it. It listens on 127.0.0.1 only.

import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import { gzipSync } from 'node:zlib';

const contentTypes = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.xml': 'application/xml',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.webmanifest': 'application/manifest+json',
};

const compressible = new Set(['.html', '.css', '.js', '.mjs', '.json', '.xml', '.txt', '.svg']);

/** Starts serving `dir` on 127.0.0.1 at a free port; resolves to `{ port, close }`. */
export async function serveFolder(dir) {
  const root = resolve(dir);
  const server = createServer((request, response) => {
    answer(root, request, response).catch((error) => {
      response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      response.end(`server error: ${error.message}\n`);
    });
  });
  await new Promise((done, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', done);
  });
  return {
    port: server.address().port,
    close: () => new Promise((done) => server.close(done)),
  };
}

async function answer(root, request, response) {
  const url = new URL(request.url, 'http://127.0.0.1');
  let path;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    return send(response, request, 400, '.txt', Buffer.from('bad request\n'));
  }
  const file = resolve(join(root, path));
  if (file !== root && !file.startsWith(root + sep)) {
    return send(response, request, 404, '.txt', Buffer.from('not found\n'));
  }
  const info = await stat(file).catch(() => null);
  if (info?.isDirectory()) {
    if (!path.endsWith('/')) {
      response.writeHead(301, { location: `${url.pathname}/${url.search}` });
      return response.end();
    }
    const index = join(file, 'index.html');
    if (await isFile(index)) {
      return send(response, request, 200, '.html', await readFile(index));
    }
  } else if (info?.isFile()) {
    return send(response, request, 200, extname(file).toLowerCase(), await readFile(file));
  }
  const notFound = join(root, '404.html');
  if (await isFile(notFound)) {
    return send(response, request, 404, '.html', await readFile(notFound));
  }
  return send(response, request, 404, '.txt', Buffer.from('not found\n'));
}

async function isFile(path) {
  const info = await stat(path).catch(() => null);
  return Boolean(info?.isFile());
}

function send(response, request, status, extension, body) {
  const headers = { 'content-type': contentTypes[extension] || 'application/octet-stream' };
  const acceptsGzip = /\bgzip\b/.test(request.headers['accept-encoding'] || '');
  if (compressible.has(extension) && acceptsGzip) {
    body = gzipSync(body);
    headers['content-encoding'] = 'gzip';
    headers.vary = 'Accept-Encoding';
  }
  headers['content-length'] = body.length;
  response.writeHead(status, headers);
  response.end(request.method === 'HEAD' ? undefined : body);
}
