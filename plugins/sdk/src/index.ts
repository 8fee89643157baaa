export * from './device.js';
export * from './waveform.js';
export * from './units.js';
export * from './conformance/index.js';
export * from './define.js';
export * from './scalar/dual.js';
export * from './math.js';
export * from './fault.js';
