export * from './analysis.js';
export * from './pathway.js';
export * from './sim.js';
export * from './powerlaw.js';
export * from './avalanche.js';
export * from './lyapunov.js';
export * from './readout.js';
export * from './tasks.js';
