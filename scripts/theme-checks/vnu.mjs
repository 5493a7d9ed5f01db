// The Nu HTML checker (vnu.jar from the vnu-jar package) over every HTML file of a built site.
// Only errors count; each comes back as `{ file, line, column, message, extract }` with the file
// named relative to the site's output folder.

import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);

/** Runs vnu on `files`; resolves to the list of errors (empty when the HTML is valid). */
export function checkHtml(files, outputDir) {
  const jar = require.resolve('vnu-jar/build/dist/vnu.jar');
  return new Promise((done, fail) => {
    const java = spawn('java', ['-jar', jar, '--errors-only', '--format', 'json', ...files], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    java.stdout.on('data', (chunk) => (stdout += chunk));
    java.stderr.on('data', (chunk) => (stderr += chunk));
    java.on('error', (error) => fail(new Error(`could not start java: ${error.message}`)));
    java.on('close', (code) => {
      // Java may print a note of its own before the report; the report is the JSON object.
      const text = stderr.includes('{') ? stderr : stdout;
      const start = text.indexOf('{');
      let report;
      try {
        report = JSON.parse(start === -1 && code === 0 ? '{"messages":[]}' : text.slice(start));
      } catch {
        return fail(new Error(`vnu exited with ${code} and printed:\n${stderr}${stdout}`));
      }
      const errors = report.messages
        .filter((message) => message.type === 'error' || message.subType === 'fatal')
        .map((message) => ({
          file: message.url ? relative(outputDir, fileURLToPath(message.url)) : '(unknown file)',
          line: message.lastLine ?? message.firstLine ?? 0,
          column: message.firstColumn ?? message.lastColumn ?? 0,
          message: message.message,
          extract: (message.extract || '').replace(/\s+/g, ' ').trim(),
        }));
      done(errors);
    });
  });
}
