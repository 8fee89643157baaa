/**
 * Current mirror (CCCS with its own ammeter): .op of small circuits against closed forms — a source
 * V behind R1 into the sense port (a short to ground) mirrored with gain k into a load R2:
 * i = V/R1, v(load) = k·i·R2; two mirrors with sense ports in series copy the same current twice.
 */
import { describe, expect, it } from 'vitest';
import { DeviceRegistry, simulate, type ElementSpec, type Network } from '@memflow/core';
import { builtinDevices } from '@memflow/nodes';

const registry = new DeviceRegistry(builtinDevices);
const op = (elements: ElementSpec[], outputs: string[]): number[] =>
  simulate({ format: 'memflow.network/v1', elements } as Network, registry.lookup, { type: 'op' }, outputs).data.map((d) => d[0]);
const close = (got: number, want: number) => expect(Math.abs(got - want)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(want)));

describe('current mirror', () => {
  it('injects gain·i into its output node and keeps its sense port a short', () => {
    const [vs, vl, i] = op(
      [
        { id: 'v1', device: 'vsource', nodes: ['a', '0'], source: { dc: 2 } },
        { id: 'r1', device: 'resistor', nodes: ['a', 's'], params: { r: 1e3 } },
        { id: 'f1', device: 'mirror', nodes: ['s', '0', '0', 'l'], params: { gain: -3 } },
        { id: 'r2', device: 'resistor', nodes: ['l', '0'], params: { r: 500 } },
      ],
      ['v(s)', 'v(l)', 'i(f1)'],
    );
    close(vs, 0);
    close(i, 2e-3);
    close(vl, -3 * 2e-3 * 500);
  });

  it('two mirrors with sense ports in series copy the same current into two nodes', () => {
    const [l1, l2] = op(
      [
        { id: 'v1', device: 'vsource', nodes: ['a', '0'], source: { dc: 1 } },
        { id: 'r1', device: 'resistor', nodes: ['a', 's1'], params: { r: 2e3 } },
        { id: 'fa', device: 'mirror', nodes: ['s1', 's2', '0', 'l1'], params: { gain: 2 } },
        { id: 'fb', device: 'mirror', nodes: ['s2', 'b', '0', 'l2'], params: { gain: 0.5 } },
        { id: 'vb', device: 'vsource', nodes: ['b', '0'], source: { dc: -1 } },
        { id: 'r2', device: 'resistor', nodes: ['l1', '0'], params: { r: 100 } },
        { id: 'r3', device: 'resistor', nodes: ['l2', '0'], params: { r: 100 } },
      ],
      ['v(l1)', 'v(l2)'],
    );
    const i = (1 - -1) / 2e3;
    close(l1, 2 * i * 100);
    close(l2, 0.5 * i * 100);
  });
});
