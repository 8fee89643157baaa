/**
 * `somn-online`: the readout learns continually while the network keeps evolving. A sine (with offset)
 * drives the network; a recursive-least-squares readout (forgetting factor μ) over the electrode signals
 * predicts the target at every step before learning from it (a-priori error), the target switching from
 * a square wave to the double-frequency cosine halfway. The same RLS on the raw input is the baseline.
 * The error is reported per window as NMSE.
 */
import { RecursiveLeastSquares } from './readout.js';
import { Reservoir, reservoirConfig, type ReservoirConfig } from './reservoir.js';

export interface OnlineConfig {
  readonly reservoir: ReservoirConfig;
  readonly seconds: number;
  readonly window: number;
  readonly forgetting: number;
}

export function onlineConfig(o: { seed?: number; quick?: boolean } = {}): OnlineConfig {
  return { reservoir: reservoirConfig(o), seconds: o.quick ? 8 : 30, window: 1, forgetting: 0.999 };
}

export interface OnlineResult {
  readonly config: OnlineConfig;
  readonly junctions: number;
  /** Window end times (s) and the a-priori NMSE in each window. */
  readonly t: Float64Array;
  readonly network: Float64Array;
  readonly rawInput: Float64Array;
  readonly switchAt: number;
}

export function runOnline(cfg: OnlineConfig, onProgress?: (f: number) => void): OnlineResult {
  const rc = cfg.reservoir;
  const res = new Reservoir(rc);
  const steps = Math.round(cfg.seconds / rc.dt);
  const per = Math.round(cfg.window / rc.dt);
  const w = 2 * Math.PI * rc.wave.frequency;
  const switchStep = Math.floor(steps / 2);
  let rlsNet: RecursiveLeastSquares | undefined;
  const rlsRaw = new RecursiveLeastSquares(1, cfg.forgetting, 1e-2);
  const t: number[] = [];
  const eNet: number[] = [];
  const eRaw: number[] = [];
  let y: number[] = [];
  let pn: number[] = [];
  let pr: number[] = [];
  const windowNmse = (p: number[]) => {
    const m = y.reduce((a, b) => a + b, 0) / y.length;
    const v = y.reduce((a, b) => a + (b - m) ** 2, 0);
    return p.reduce((a, b, i) => a + (b - y[i]) ** 2, 0) / v;
  };
  for (let s = 0; s < steps; s++) {
    const time = (s + 1) * rc.dt;
    const u = Math.sin(w * time);
    const features = res.step(rc.wave.offset + rc.wave.amplitude * u);
    const target = s < switchStep ? (u >= 0 ? 1 : -1) : Math.cos(2 * w * time);
    rlsNet ??= new RecursiveLeastSquares(features.length, cfg.forgetting, 1e-2);
    pn.push(rlsNet.update(features, target));
    pr.push(rlsRaw.update([u], target));
    y.push(target);
    if ((s + 1) % per === 0) {
      t.push(time);
      eNet.push(windowNmse(pn));
      eRaw.push(windowNmse(pr));
      y = [];
      pn = [];
      pr = [];
    }
    if (s % 500 === 0) onProgress?.(s / steps);
  }
  onProgress?.(1);
  return { config: cfg, junctions: res.junctions, t: Float64Array.from(t), network: Float64Array.from(eNet), rawInput: Float64Array.from(eRaw), switchAt: switchStep * rc.dt };
}
