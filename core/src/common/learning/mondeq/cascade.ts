/**
 * Cascades of monDEQs on the splitting path (the reference for the cascade circuit of network.ts):
 * stage s + 1's input is stage s's readout, x_{s+1} = C_s z*_s + c_s, so the forward pass solves the
 * stages in order and the implicit gradient runs backwards, each stage passing ∂ℓ/∂x_s = U_sᵀ μ_s on as
 * the previous stage's ∂ℓ/∂logits (Chaffey 2025: cascades give feed-forward and other asymmetric nets
 * from monotone stages).
 */
import type { NeuronActivation } from './activation.js';
import { implicitGradient } from './implicit.js';
import { readout, zerosLike, type MonDeqParams, type ParamArrays } from './params.js';
import { SplittingSolver, type Equilibrium, type SplittingOptions } from './splitting.js';

export interface CascadeSolution {
  /** Input of each stage (x for the first). */
  readonly inputs: Float64Array[];
  readonly equilibria: Equilibrium[];
  /** The last stage's readout. */
  readonly logits: Float64Array;
}

export class CascadeSolver {
  readonly solvers: SplittingSolver[];

  constructor(
    readonly stages: readonly MonDeqParams[],
    readonly activation: NeuronActivation,
    options: SplittingOptions = {},
  ) {
    if (stages.length === 0) throw new Error('monDEQ cascade: no stages');
    for (let s = 1; s < stages.length; s++)
      if (stages[s].nIn !== stages[s - 1].nOut) throw new Error(`monDEQ cascade: stage ${s} has ${stages[s].nIn} inputs but stage ${s - 1} has ${stages[s - 1].nOut} outputs`);
    this.solvers = stages.map((p) => new SplittingSolver(p, activation, options));
  }

  solve(x: ArrayLike<number>): CascadeSolution {
    const inputs: Float64Array[] = [];
    const equilibria: Equilibrium[] = [];
    let input: Float64Array = Float64Array.from(x as ArrayLike<number>);
    this.stages.forEach((p, s) => {
      inputs.push(input);
      const eq = this.solvers[s].solve(input);
      equilibria.push(eq);
      input = readout(p, eq.z);
    });
    return { inputs, equilibria, logits: input };
  }

  /** Adds the implicit gradient of every stage into `out`, for ∂ℓ/∂logits of the last stage. */
  gradient(sol: CascadeSolution, dLogits: ArrayLike<number>, out: ParamArrays[] = this.stages.map((p) => zerosLike(p))): ParamArrays[] {
    let g = Float64Array.from(dLogits as ArrayLike<number>);
    for (let s = this.stages.length - 1; s >= 0; s--) {
      const p = this.stages[s];
      const dInput = new Float64Array(p.nIn);
      implicitGradient(p, this.solvers[s].W, this.activation, sol.inputs[s], sol.equilibria[s], g, out[s], dInput);
      g = dInput;
    }
    return out;
  }
}
