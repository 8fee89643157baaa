/**
 * Seeded device-to-device variability for generated networks: each junction gets its own value of the
 * chosen parameters, drawn lognormal around the model's value with the given relative spread
 * (p_k = p·exp(σ·z_k − σ²/2), z_k ~ N(0, 1), so the mean stays p). Written into the elements'
 * instance parameters, so the network file carries the drawn values and any simulator sees them.
 */
import { Prng } from '../random/prng.js';
import type { ElementSpec, ModelCard } from '../network/types.js';
import type { DeviceLookup } from '../solver/system.js';
import { GenerateError } from './errors.js';

export interface VariabilityOption {
  /** Log-space standard deviation σ (≈ the relative spread for small σ). */
  readonly sigma: number;
  /** Parameters to vary. */
  readonly params: readonly string[];
  /** Default: the generator's seed + 1. */
  readonly seed?: number;
}

export function standardNormal(rng: Prng): number {
  const u = 1 - rng.next(); // (0, 1]
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.next());
}

export function applyVariability(elements: readonly ElementSpec[], card: ModelCard, spec: VariabilityOption, seed: number, lookup?: DeviceLookup): ElementSpec[] {
  if (!(spec.sigma >= 0) || !Number.isFinite(spec.sigma)) throw new GenerateError(`variability sigma must be >= 0, got ${spec.sigma}`);
  const model = lookup?.(card.device);
  const base = spec.params.map((name) => {
    const key = name.toLowerCase();
    const given = Object.entries(card.params).find(([k]) => k.toLowerCase() === key)?.[1];
    const value = given ?? model?.params[key]?.default;
    if (value === undefined) throw new GenerateError(`variability: junction device '${card.device}' has no parameter '${name}'${model ? `; its parameters are ${Object.keys(model.params).join(', ')}` : ''}`);
    if (model?.params[key]?.choices) throw new GenerateError(`variability: '${name}' is an enumeration and cannot vary`);
    return [key, value] as const;
  });
  const rng = new Prng(spec.seed ?? seed + 1);
  const s = spec.sigma;
  return elements.map((el) => {
    const params: Record<string, number> = { ...(el.params ?? {}) };
    for (const [key, value] of base) params[key] = value * Math.exp(s * standardNormal(rng) - 0.5 * s * s);
    return { ...el, params };
  });
}
