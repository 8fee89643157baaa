export * from './harness.js';
export * from './derivatives.js';
