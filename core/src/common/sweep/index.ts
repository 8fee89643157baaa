export * from './executor.js';
export * from './point.js';
