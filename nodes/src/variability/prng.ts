/**
 * Counter-based random numbers for device variability: every number is a pure function of
 * (seed, instance, stream, counter), so a device's draws do not depend on evaluation order, on how many
 * other devices exist or on how many workers share a network.
 *
 * Generator: Philox4x32-10 (J. K. Salmon, M. A. Moraes, R. O. Dror, D. E. Shaw, "Parallel random numbers:
 * as easy as 1, 2, 3", SC'11), on 32-bit integers only (no BigInt): key = the seed's low and high 32-bit
 * words; counter = (instance, stream, counter low word, counter high word). Checked against Random123's
 * known-answer vectors in the tests.
 */

const M0 = 0xd2511f53;
const M1 = 0xcd9e8d57;
const W0 = 0x9e3779b9;
const W1 = 0xbb67ae85;
const TWO32 = 4294967296;

/** High 32 bits of the 64-bit product of two unsigned 32-bit integers. */
function mulhi(a: number, b: number): number {
  const aL = a & 0xffff;
  const aH = a >>> 16;
  const bL = b & 0xffff;
  const bH = b >>> 16;
  const ll = aL * bL;
  const lh = aL * bH;
  const hl = aH * bL;
  const mid = (ll >>> 16) + (lh & 0xffff) + (hl & 0xffff);
  return (aH * bH + (lh >>> 16) + (hl >>> 16) + Math.floor(mid / 65536)) >>> 0;
}

/** Philox4x32 with 10 rounds: four 32-bit counter words and two key words to four output words. */
export function philox4x32(c0: number, c1: number, c2: number, c3: number, k0: number, k1: number, out: Uint32Array = new Uint32Array(4)): Uint32Array {
  let x0 = c0 >>> 0;
  let x1 = c1 >>> 0;
  let x2 = c2 >>> 0;
  let x3 = c3 >>> 0;
  let key0 = k0 >>> 0;
  let key1 = k1 >>> 0;
  for (let r = 0; r < 10; r++) {
    if (r > 0) {
      key0 = (key0 + W0) >>> 0;
      key1 = (key1 + W1) >>> 0;
    }
    const hi0 = mulhi(M0, x0);
    const lo0 = Math.imul(M0, x0) >>> 0;
    const hi1 = mulhi(M1, x2);
    const lo1 = Math.imul(M1, x2) >>> 0;
    x0 = (hi1 ^ x1 ^ key0) >>> 0;
    x1 = lo1;
    x2 = (hi0 ^ x3 ^ key1) >>> 0;
    x3 = lo0;
  }
  out[0] = x0;
  out[1] = x1;
  out[2] = x2;
  out[3] = x3;
  return out;
}

/** 32-bit FNV-1a hash of a string: names a stream (e.g. `d2d:ron`) as one counter word. */
export function streamId(name: string): number {
  let h = 0x811c9dc5;
  for (let k = 0; k < name.length; k++) {
    h ^= name.charCodeAt(k);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Low and high 32-bit words of a non-negative integer below 2^53 (negative or fractional: truncated). */
function words(value: number): [number, number] {
  const v = Math.trunc(Math.abs(value));
  return [v % TWO32 >>> 0, Math.floor(v / TWO32) >>> 0];
}

const scratch = new Uint32Array(4);

/**
 * The four 32-bit words for (seed, instance, stream, counter). `seed` and `counter` are integers below
 * 2^53; `instance` an integer below 2^32; `stream` a 32-bit stream id.
 */
export function draw(seed: number, instance: number, stream: number, counter: number): Uint32Array {
  const [k0, k1] = words(seed);
  const [c2, c3] = words(counter);
  return philox4x32(words(instance)[0], stream, c2, c3, k0, k1, scratch);
}

/** Uniform double in (0, 1) from two 32-bit words (53 random bits, never 0 or 1). */
function unit(hi: number, lo: number): number {
  return ((hi >>> 5) * 67108864 + (lo >>> 6) + 0.5) / 9007199254740992;
}

/** A uniform number in (0, 1) for (seed, instance, stream, counter). */
export function uniform(seed: number, instance: number, stream: number, counter: number): number {
  const w = draw(seed, instance, stream, counter);
  return unit(w[0], w[1]);
}

/** A standard normal number for (seed, instance, stream, counter), by Box–Muller on two uniforms. */
export function normal(seed: number, instance: number, stream: number, counter: number): number {
  const w = draw(seed, instance, stream, counter);
  const u1 = unit(w[0], w[1]);
  const u2 = unit(w[2], w[3]);
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

/**
 * Counter words of a time value: its IEEE-754 bits as one 53-bit integer would not fit, so the time is
 * hashed to an integer below 2^53 from its two 32-bit words.
 */
const timeView = new DataView(new ArrayBuffer(8));
export function timeCounter(t: number): number {
  timeView.setFloat64(0, t === 0 ? 0 : t, true); // −0 and +0 are the same time
  const w = philox4x32(timeView.getUint32(0, true), timeView.getUint32(4, true), 0x74696d65, 0, 0x6d656d66, 0x6c6f7721, scratch);
  return (w[0] >>> 11) * TWO32 + w[1];
}
