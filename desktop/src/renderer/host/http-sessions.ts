/**
 * SessionsApi over HTTP, for a browser page served next to a Node-side endpoint of the same calls
 * (the end-to-end harness, desktop/test/e2e/serve.ts): POST BASE/METHOD with the arguments as a JSON
 * array; the answer is the call's result as JSON. Same origin only (the page's CSP: connect-src 'self').
 */
import type { Result } from '../../shared/engine-api.js';
import type { SessionPoll, SessionsApi } from '../../shared/sessions-api.js';

export function httpSessions(base: string): SessionsApi {
  const call = async <T>(method: string, ...args: unknown[]): Promise<T> => {
    let res: Response;
    try {
      res = await fetch(`${base.replace(/\/$/, '')}/${method}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(args) });
    } catch (err) {
      return { ok: false, message: `the session endpoint ${base} cannot be reached: ${(err as Error).message}` } as T;
    }
    if (!res.ok) return { ok: false, message: `the session endpoint ${base} answered ${res.status}: ${await res.text()}` } as T;
    return (await res.json()) as T;
  };
  return {
    recent: async () => {
      const r = await call<string[] | Result<never>>('recent');
      return Array.isArray(r) ? r : [];
    },
    open: (dir, since) => call<Result<SessionPoll>>('open', dir, since),
    poll: (dir, since) => call<Result<SessionPoll>>('poll', dir, since),
    pause: (dir) => call<Result<string>>('pause', dir),
    resume: (dir) => call<Result<string>>('resume', dir),
  };
}
