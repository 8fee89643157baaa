export type { AnalysisCard, ElementCard, ElementType, ModelDef, NetlistAst, PrintAnalysis, PrintCard } from './ast.js';
export { formatLocation, NetlistError } from './errors.js';
export { evaluateExpression } from './expressions.js';
export { parseNetlist } from './parser.js';
export { resolveWaveformDefaults } from './sources.js';
export type { ParseOptions } from './structure.js';
