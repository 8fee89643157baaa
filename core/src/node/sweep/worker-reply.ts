/** What a sweep worker sends back: failures travel as data (an error's class does not cross threads). */
export type WorkerReply<O> = { readonly ok: true; readonly result: O } | { readonly ok: false; readonly message: string };

const TAG = '__memflowSweepReply';

/** Runs `fn` and wraps its result or error as a tagged reply. */
export function replyOf<O>(fn: () => O): WorkerReply<O> & { [TAG]: true } {
  try {
    return { [TAG]: true, ok: true, result: fn() };
  } catch (err) {
    return { [TAG]: true, ok: false, message: err instanceof Error ? err.message : String(err) };
  }
}

export function isWorkerReply<O>(value: unknown): value is WorkerReply<O> {
  return typeof value === 'object' && value !== null && (value as Record<string, unknown>)[TAG] === true;
}
