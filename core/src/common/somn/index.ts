export * from './analysis.js';
export * from './pathway.js';
