export * from './network.js';
export * from './dynamics.js';
export * from './circuit.js';
export * from './convergence.js';
export * from './compare.js';
export * from './cam.js';
