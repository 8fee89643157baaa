export * from './spec.js';
export * from './workload.js';
export * from './rls.js';
export * from './stimulus.js';
export * from './eqprop-online.js';
export * from './reservoir-online.js';
export * from './machine.js';
