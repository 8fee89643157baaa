/**
 * `--set` options of the EqProp experiments, checked: an unknown key or a bad value is an InputError
 * naming the key and what it accepts.
 *
 *   synapse=ideal|hp|team|vteam|mss|xspice|milano   memristive synapses of that device (default ideal)
 *   range=R            the device's Roff/Ron (default: the preset's own)
 *   variability=S      device-to-device log-normal σ (default 0.1)
 *   rule=squared|absolute|multiplicative|quantised
 *   optimiser=sgd|momentum|adam      lr=X (adam default 0.01; momentum default the preset's × (1 − 0.9))   batch=N   beta=X
 *   jobs=N             worker threads for each batch's samples (default 1: this thread)
 */
import { OPTIMISERS, SYNAPSE_MODELS, UPDATE_RULES, memristiveSpec, type EqPropConfig, type OptimiserName, type UpdateRule } from '../../common/learning/index.js';
import { InputError } from '../errors.js';

/** Adam's default learning rate (fraction of [gmin, gmax] per step) when --set lr is not given. */
export const ADAM_LR = 0.01;

export const EQPROP_KEYS = ['synapse', 'range', 'variability', 'rule', 'optimiser', 'lr', 'batch', 'beta', 'jobs'] as const;

export function positive(options: Readonly<Record<string, string>>, key: string): number | undefined {
  const text = options[key];
  if (text === undefined) return undefined;
  const v = Number(text);
  if (!(Number.isFinite(v) && v > 0)) throw new InputError(`--set ${key}=${text}: expected a positive number`);
  return v;
}

export function positiveInt(options: Readonly<Record<string, string>>, key: string): number | undefined {
  const v = positive(options, key);
  if (v !== undefined && !Number.isInteger(v)) throw new InputError(`--set ${key}=${options[key]}: expected a positive integer`);
  return v;
}

export function choice<T extends string>(options: Readonly<Record<string, string>>, key: string, allowed: readonly T[]): T | undefined {
  const text = options[key];
  if (text === undefined) return undefined;
  if (!allowed.includes(text as T)) throw new InputError(`--set ${key}=${text}: expected one of ${allowed.join(', ')}`);
  return text as T;
}

/** Applies the `--set` options to a preset; returns the configuration and the thread count. */
export function applyEqPropOptions(base: EqPropConfig, options: Readonly<Record<string, string>>): { cfg: EqPropConfig; jobs: number; synapse: string; range?: number } {
  const synapse = choice(options, 'synapse', ['ideal', ...SYNAPSE_MODELS]) ?? 'ideal';
  const range = positive(options, 'range');
  if (range !== undefined && !(range > 1)) throw new InputError(`--set range=${options.range}: Roff/Ron must be greater than 1`);
  if (synapse === 'ideal' && (range !== undefined || options.variability !== undefined))
    throw new InputError('--set range/variability need memristive synapses: add --set synapse=<model>');
  const variability = options.variability === undefined ? undefined : Number(options.variability);
  if (variability !== undefined && !(Number.isFinite(variability) && variability >= 0)) throw new InputError(`--set variability=${options.variability}: expected a number ≥ 0`);
  const rule: UpdateRule | undefined = choice(options, 'rule', UPDATE_RULES);
  const optimiser: OptimiserName | undefined = choice(options, 'optimiser', OPTIMISERS);
  const cfg: EqPropConfig = {
    ...base,
    ...(rule ? { rule } : {}),
    ...(optimiser ? { optimiser } : {}),
    // Adam's lr is a fraction of the conductance range per step, not the SGD scale: its own default.
    ...(optimiser === 'adam' ? { lr: ADAM_LR } : {}),
    // Heavy ball with μ = 0.9 multiplies a steady step by 1/(1 − μ): keep the preset's effective rate.
    ...(optimiser === 'momentum' ? { lr: base.lr * (1 - 0.9) } : {}),
    ...(positive(options, 'lr') !== undefined ? { lr: positive(options, 'lr')! } : {}),
    ...(positiveInt(options, 'batch') !== undefined ? { batch: positiveInt(options, 'batch')! } : {}),
    ...(positive(options, 'beta') !== undefined ? { beta: positive(options, 'beta')! } : {}),
    ...(synapse !== 'ideal' ? { synapse: memristiveSpec(synapse, { range, variability }) } : {}),
  };
  return { cfg, jobs: positiveInt(options, 'jobs') ?? 1, synapse, range: cfg.synapse ? range : undefined };
}
