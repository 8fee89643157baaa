/**
 * One entry point for SessionsApi calls that arrive as untrusted data (IPC from the renderer, or the
 * end-to-end harness's HTTP endpoint): the method name and its arguments are checked before the call.
 */
import type { Result } from '../shared/engine-api.js';
import { SESSION_METHODS, type SessionMethod, type SessionsApi } from '../shared/sessions-api.js';

export async function callSessions(api: SessionsApi, method: unknown, args: readonly unknown[]): Promise<Result<unknown> | string[]> {
  if (!SESSION_METHODS.includes(method as SessionMethod)) return { ok: false, message: `unknown session call '${String(method)}'` };
  const m = method as SessionMethod;
  if (m === 'recent') return api.recent();
  const [dir, since] = args;
  if (typeof dir !== 'string' || dir.length === 0) return { ok: false, message: `${m}: a session directory path is required` };
  if (m === 'open' || m === 'poll') {
    const from = since === undefined ? 0 : since;
    if (typeof from !== 'number' || !Number.isInteger(from) || from < 0) return { ok: false, message: `${m}: 'since' must be a sample count (a whole number ≥ 0)` };
    return api[m](dir, from);
  }
  return api[m](dir);
}
