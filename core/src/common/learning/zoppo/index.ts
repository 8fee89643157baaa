export * from './network.js';
export * from './gradients.js';
export * from './train.js';
export * from './tasks.js';
export * from './circuit.js';
