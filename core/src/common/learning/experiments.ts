/**
 * Preset EqProp experiments (ideal conductances). The Iris set-up follows EBANA (Watfa et al. 2023):
 * 105/45 seeded split, features scaled to 0…1.2 V, 4 (×2) → 10 → 3 (×2), G ∈ [1e-7, 1e-5] S,
 * β = 8e-9 A/V; the circuit details memflow chose (clipping range, amplifier gain/shift, targets,
 * learning rate, batch) are its own and documented with each preset.
 */
import { irisDataset, xorDataset } from './data.js';
import type { EqPropConfig } from './eqprop.js';

export const EXPERIMENT_NAMES = ['eqprop-xor', 'eqprop-iris'] as const;
export type ExperimentName = (typeof EXPERIMENT_NAMES)[number];

export interface ExperimentOverrides {
  readonly epochs?: number;
  readonly seed?: number;
}

/** XOR on inputs ±1 V, 2 (×2) → 8 → 2 (×2), per-sample SGD; targets ±0.1 V on the output differences. */
export function eqpropXorConfig(o: ExperimentOverrides = {}): EqPropConfig {
  return {
    data: xorDataset(-1, 1),
    hidden: [8],
    beta: 1e-8,
    lr: 1,
    epochs: o.epochs ?? 200,
    batch: 1,
    seed: o.seed ?? 1,
    targetHigh: 0.1,
    targetLow: -0.1,
  };
}

/**
 * Iris (EBANA set-up). Hidden nodes clipped to ±0.3 V by the diode pairs and amplified ×4 (shift 0)
 * before the output crossbar; batch 5 (EBANA: 35) since with 3 updates per epoch 20 epochs do not train.
 */
export function eqpropIrisConfig(csv: string, o: ExperimentOverrides = {}): EqPropConfig {
  const seed = o.seed ?? 2;
  return {
    data: irisDataset(csv, seed),
    hidden: [10],
    circuit: { clampLow: -0.3, clampHigh: 0.3, amplifier: { gain: 4, shift: 0 } },
    beta: 8e-9,
    lr: 3,
    epochs: o.epochs ?? 20,
    batch: 5,
    seed,
    targetHigh: 0.1,
    targetLow: -0.1,
  };
}
