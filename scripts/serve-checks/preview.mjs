// `shingle serve` for the browser checks: a copy of the example site in a temporary folder, the
// real binary serving it on 127.0.0.1, its address read from what it prints, and a count of the
// connections it holds open (read from /proc/net/tcp, so Linux only).

import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const ready = /^Serving .* at (http:\/\/127\.0\.0\.1:(\d+)\/) — press Ctrl\+C to stop$/;

/** A copy of `site` in a new temporary folder; `remove()` deletes it. */
export function copySite(site) {
  const dir = mkdtempSync(join(tmpdir(), 'shingle-serve-check-'));
  const root = join(dir, 'site');
  // the lock of a build that once ran there is no part of the site
  cpSync(site, root, { recursive: true, filter: (path) => !path.endsWith('.shingle.lock') });
  return { root, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Starts `shingle serve` on `root` (on `port`, or any free port when 0) and resolves once it
 * prints its address: `{ url, port, stop(), output() }`.
 */
export function startPreview(binary, root, port = 0) {
  const child = spawn(binary, ['serve', '--port', String(port), '--root', root], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stderr.on('data', (chunk) => {
    output += chunk;
  });
  const stop = () =>
    new Promise((done) => {
      if (child.exitCode !== null || child.signalCode !== null) return done();
      child.once('exit', () => done());
      child.kill('SIGTERM');
    });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`shingle serve printed no address within 30 s:\n${output}`));
    }, 30_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`shingle serve stopped (exit ${code}):\n${output}`));
    });
    createInterface({ input: child.stdout }).on('line', (line) => {
      output += `${line}\n`;
      const match = ready.exec(line);
      if (match) {
        clearTimeout(timer);
        child.removeAllListeners('exit');
        resolve({ url: match[1], port: Number(match[2]), stop, output: () => output });
      }
    });
  });
}

/** How many established TCP connections have `port` as their local port (the server's side). */
export function connectionsTo(port) {
  let count = 0;
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      if (fields.length < 4) continue;
      const localPort = parseInt(fields[1].split(':').pop(), 16);
      // state 01 is ESTABLISHED
      if (localPort === port && fields[3] === '01') count += 1;
    }
  }
  return count;
}
