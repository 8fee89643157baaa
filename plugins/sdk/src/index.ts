export * from './device.js';
export * from './waveform.js';
export * from './units.js';
export * from './conformance/index.js';
