/**
 * Every built-in model passes the same conformance suite a third-party plugin must pass
 * (`memflow plugin check`): declaration, finite outputs over the declared ranges, derivatives against
 * finite differences, determinism, and for memristors zero current at zero voltage, states in bounds
 * and a pinched loop under a sine in the real kernel.
 */
import { describe, expect, it } from 'vitest';
import { formatConformance, runConformance, type DeviceModel } from '@memflow/plugin-sdk';
import { builtinDevices } from '@memflow/nodes';
import { DeviceRegistry, characterise } from '@memflow/core';

const registry = new DeviceRegistry(builtinDevices);
const simulateLoop = (model: DeviceModel, drive: { amplitude: number; frequency: number; cycles: number; params: Readonly<Record<string, number>> }) =>
  characterise(model, registry.lookup, { ...drive, pointsPerCycle: 200 });

describe('built-in models pass the plugin conformance suite', () => {
  for (const model of builtinDevices) {
    it(model.id, () => {
      const report = runConformance(model, { simulateLoop });
      expect(report.ok, formatConformance(report)).toBe(true);
      if (model.kind === 'memristor') expect(report.checks.find((c) => c.name === 'pinched hysteresis')?.skipped ?? false).toBe(false);
    });
  }
});
