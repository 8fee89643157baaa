/**
 * A static file server for the built renderer (dist/web), on a free local port. With `sessions`, it is
 * also the thin Node-side endpoint a browser page needs to open session directories (the Electron app
 * uses its bridge instead): POST /api/sessions/METHOD with a JSON array of arguments runs that
 * SessionsApi call (the real store behind it) through the same checks as the bridge's IPC handler.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { callSessions } from '../../src/main/session-calls.js';
import type { SessionsApi } from '../../src/shared/sessions-api.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
};

export const SESSION_API_PATH = '/api/sessions';

async function body(req: IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of req) {
    text += String(chunk);
    if (text.length > 1e6) throw new Error('request body over 1 MB');
  }
  return text;
}

export async function serve(dir: string, opts: { sessions?: SessionsApi } = {}): Promise<{ url: string; close: () => Promise<void> }> {
  const root = normalize(dir);
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (opts.sessions && req.method === 'POST' && path.startsWith(`${SESSION_API_PATH}/`)) {
      const sessions = opts.sessions;
      void body(req)
        .then(async (text) => {
          const args = JSON.parse(text || '[]') as unknown;
          if (!Array.isArray(args)) throw new Error('the body must be a JSON array of arguments');
          const result = await callSessions(sessions, path.slice(SESSION_API_PATH.length + 1), args);
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(result));
        })
        .catch((err: Error) => res.writeHead(400, { 'content-type': 'text/plain' }).end(err.message));
      return;
    }
    const file = normalize(join(root, path === '/' ? 'index.html' : path));
    if (!file.startsWith(root + sep) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
