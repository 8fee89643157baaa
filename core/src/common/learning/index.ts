export * from '../random/prng.js';
export * from './data.js';
export * from './circuit.js';
export * from './eqprop.js';
export * from './experiments.js';
