export * from './harness.js';
export * from './derivatives.js';
export * from './suite.js';
