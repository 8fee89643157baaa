/**
 * The two gradient paths of monDEQ training behind one interface: `circuit` (operating point of the
 * resistor–diode circuit + hardware-linearised adjoint circuit) and `splitting` (Peaceman–Rachford or
 * forward–backward splitting + dense implicit gradient). Both take one monDEQ or a cascade.
 */
import type { Sample } from '../data.js';
import type { NeuronActivation } from './activation.js';
import { CascadeSolver } from './cascade.js';
import { MonDeqCircuit } from './circuit.js';
import { crossEntropy } from './implicit.js';
import { asStages, type MonDeqStages, type ParamArrays } from './params.js';
import type { SplittingOptions } from './splitting.js';

export type GradientPath = 'circuit' | 'splitting';

/** Forward pass, loss and (optionally) the gradient of one sample, for the current parameters. */
export interface MonDeqEngine {
  readonly path: GradientPath;
  setParams(p: MonDeqStages): void;
  /** Loss and predicted class of one sample; adds the gradient (one set per stage) into `grad` when given. */
  sample(s: Sample, grad?: ParamArrays[]): { loss: number; predicted: number };
}

export class CircuitEngine implements MonDeqEngine {
  readonly path = 'circuit';
  readonly circuit: MonDeqCircuit;
  private readonly logitBuf: Float64Array;

  constructor(p: MonDeqStages, activation: NeuronActivation) {
    const stages = asStages(p);
    this.circuit = new MonDeqCircuit(stages, activation);
    this.circuit.setParams(stages);
    this.logitBuf = new Float64Array(stages[stages.length - 1].nOut);
  }

  setParams(p: MonDeqStages): void {
    this.circuit.setParams(p);
  }

  sample(s: Sample, grad?: ParamArrays[]): { loss: number; predicted: number } {
    this.circuit.forward(s.x);
    const l = crossEntropy(this.circuit.logits(this.logitBuf), s.label);
    if (grad) this.circuit.gradient(l.dLogits, grad);
    return l;
  }
}

export class SplittingEngine implements MonDeqEngine {
  readonly path = 'splitting';
  private solver: CascadeSolver;

  constructor(
    p: MonDeqStages,
    readonly activation: NeuronActivation,
    readonly options: SplittingOptions = {},
  ) {
    this.solver = new CascadeSolver(asStages(p), activation, options);
  }

  setParams(p: MonDeqStages): void {
    this.solver = new CascadeSolver(asStages(p), this.activation, this.options);
  }

  sample(s: Sample, grad?: ParamArrays[]): { loss: number; predicted: number } {
    const sol = this.solver.solve(s.x);
    const l = crossEntropy(sol.logits, s.label);
    if (grad) this.solver.gradient(sol, l.dLogits, grad);
    return l;
  }
}

export function makeEngine(path: GradientPath, p: MonDeqStages, activation: NeuronActivation, splitting?: SplittingOptions): MonDeqEngine {
  return path === 'circuit' ? new CircuitEngine(p, activation) : new SplittingEngine(p, activation, splitting);
}
