export * from './machines.js';
export * from './params.js';
export * from './signals.js';
export * from './simulation.js';
