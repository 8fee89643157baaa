/**
 * A tiny deterministic PRNG (mulberry32) for weight initialisation, shuffling, data splits and random networks. Same
 * seed, same stream on every platform: the state is a 32-bit integer updated with integer ops only.
 */
export class Prng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** The generator's whole state (a 32-bit unsigned integer): saving it and `setState` later resumes the same stream. */
  getState(): number {
    return this.state;
  }

  /** Restores a state saved by `getState`; the next draws are those that followed the save. */
  setState(state: number): this {
    if (!Number.isInteger(state) || state < 0 || state > 0xffffffff) throw new RangeError(`Prng.setState: state must be a 32-bit unsigned integer, got ${state}`);
    this.state = state;
    return this;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Uniform in [lo, hi). */
  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }

  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Fisher–Yates shuffle in place. */
  shuffle<T>(a: T[]): T[] {
    for (let i = a.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
    return a;
  }
}
