/**
 * Kernel effects of the element and network events, each checked against a closed form: PULSE (the
 * HP memristor's charge–state relation), FAULT / CLEAR_FAULT (an open circuit; states parked and
 * restored), ADD_ELEMENT / REMOVE / CONNECT (resistive dividers), and device events (a nanowire
 * junction's Λ crossing Λcrit and reaching its bound under a constant voltage, Λ(t) = (v − vset)·t)
 * that a rule reacts to.
 */
import { describe, expect, it } from 'vitest';
import { emit, setup } from 'xstate';
import { concatChunks, type CommandEvent, type DeviceEvent, type Restructured, type WindowEvent } from '../../src/index.js';
import { collect, sameBits, simulationOf } from './helpers.js';

const HP = 'memristor level=hp window=none ron=100 roff=16k d=10n uv=1e-13 rinit=11k';
const K = (1e-13 * 100) / 1e-16;
/** ∫R(x)dx of the HP memristor: F(x) = roff·x − (roff − ron)·x²/2; a pulse V·w moves F by K·V·w. */
const F = (x: number) => 16e3 * x - ((16e3 - 100) / 2) * x * x;
function afterPulse(x0: number, volts: number, width: number): number {
  const a = (16e3 - 100) / 2;
  const c = F(x0) + K * volts * width;
  return (16e3 - Math.sqrt(16e3 * 16e3 - 4 * a * c)) / (2 * a);
}
const X0 = (16e3 - 11e3) / (16e3 - 100);

describe('PULSE', () => {
  it('programs the state as the closed form says; two pulses compose; the run continues from the new state', () => {
    const sim = simulationOf(`* pulse\nV1 a 0 DC 0\nR1 a m 1k\nYMEMRISTOR m1 m 0 hpm\n.model hpm ${HP}\n.tran 10u 4m\n.end\n`, { window: 1e-3 });
    const changes: Restructured[] = [];
    sim.restructured$.subscribe((r) => changes.push(r));
    const x = collect(sim.element('m1').signal$('x'));
    sim.runUntil(1e-3);
    expect(sim.element('m1').send({ type: 'PULSE', amplitude: 2, width: 2e-3 })).toBe(true);
    sim.runUntil(2e-3);
    expect(sim.element('m1').send({ type: 'PULSE', amplitude: -1, width: 1e-3 })).toBe(true);
    expect(sim.element('m1').send({ type: 'PULSE', amplitude: -1, width: 1e-3 })).toBe(true);
    sim.runUntil(Infinity);
    const x1 = afterPulse(X0, 2, 2e-3);
    const x2 = afterPulse(x1, -1, 2e-3);
    expect(x1 - X0).toBeGreaterThan(0.03);
    expect(changes.map((c) => c.recompiled)).toEqual([false, false]);
    expect(changes[0].before.get('x(m1.x)')).toBe(X0);
    expect(Math.abs(changes[0].after.get('x(m1.x)')! - x1)).toBeLessThan(1e-5 * (x1 - X0));
    expect(Math.abs(changes[1].after.get('x(m1.x)')! - x2)).toBeLessThan(1e-5 * (x1 - x2));
    // No drive (V1 = 0): the state stays where the pulses left it.
    const { t, values } = concatChunks(x.chunks);
    const at = (time: number) => values[t.findIndex((s) => s > time)];
    // Sent during window 2, applied at its end (t ≈ 2 ms).
    expect(changes[0].time).toBeCloseTo(2e-3, 4);
    expect(at(1.5e-3)).toBe(X0);
    expect(at(2.5e-3)).toBe(changes[0].after.get('x(m1.x)'));
    expect(values[values.length - 1]).toBe(changes[1].after.get('x(m1.x)'));
    expect(sim.element('m1').actor().getSnapshot().context.pulses).toBe(3);
    sim.dispose();
  });
});

describe('FAULT / CLEAR_FAULT', () => {
  it('a faulted memristor is an open circuit with its state parked; CLEAR_FAULT puts it back with that state', () => {
    const sim = simulationOf(`* fault\nV1 in 0 SIN(0 1 250)\nR1 in out 1k\nYMEMRISTOR m1 out 0 hpm\n.model hpm ${HP}\n.tran 10u 8m\n.end\n`, { window: 1e-3 });
    const changes: Restructured[] = [];
    sim.restructured$.subscribe((r) => changes.push(r));
    const vin = collect(sim.signal$('v(in)'));
    const vout = collect(sim.signal$('v(out)'));
    const x = collect(sim.element('m1').signal$('x'));
    const i = collect(sim.element('m1').signal$('i'));
    sim.runUntil(2e-3);
    expect(sim.element('m1').send({ type: 'FAULT', reason: 'open' })).toBe(true);
    expect(sim.element('m1').status).toBe('faulted');
    expect(sim.element('m1').send({ type: 'PULSE', amplitude: 1, width: 1e-3 })).toBe(false);
    sim.runUntil(5e-3);
    expect(sim.elementIds()).not.toContain('m1');
    expect(sim.element('m1').send({ type: 'CLEAR_FAULT' })).toBe(true);
    sim.runUntil(Infinity);
    const [fault, clear] = changes;
    const parked = fault.before.get('x(m1.x)')!;
    expect(fault.after.has('x(m1.x)')).toBe(false);
    expect(clear.after.get('x(m1.x)')).toBe(parked);
    const tIn = concatChunks(vin.chunks);
    const tOut = concatChunks(vout.chunks);
    const tx = concatChunks(x.chunks);
    const ti = concatChunks(i.chunks);
    expect(sameBits(tIn.t, tOut.t)).toBe(true);
    let during = 0;
    for (let k = 0; k < tIn.t.length; k++) {
      const t = tIn.t[k];
      if (t > fault.time && t <= clear.time) {
        // Open circuit (a 1 TΩ leak): no current in R1 but the leak's, so out follows in; the memristor
        // reads i = 0 and its parked state.
        expect(Math.abs(tOut.values[k] - tIn.values[k])).toBeLessThanOrEqual(Math.abs(tIn.values[k]) * 1.01e-9);
        expect(ti.values[k]).toBe(0);
        expect(tx.values[k]).toBe(parked);
        during++;
      } else if (t > clear.time + 1e-4) {
        // Back in the circuit: the divider through R(x).
        const R = 100 * tx.values[k] + 16e3 * (1 - tx.values[k]);
        expect(tOut.values[k]).toBeCloseTo((tIn.values[k] * R) / (R + 1e3), 6);
      }
    }
    expect(during).toBeGreaterThan(50);
    expect(sim.element('m1').status).toBe('done' === sim.status ? 'paused' : 'running');
    sim.dispose();
  });
});

describe('ADD_ELEMENT, REMOVE, CONNECT', () => {
  it('each change gives the divider its closed-form value from the next window on', () => {
    const sim = simulationOf(`* dividers\nV1 in 0 DC 1\nR1 in out 1k\nR2 out 0 1k\nR3 in y 1k\nR4 y 0 3k\n\.tran 10u 10m\n.end\n`, { window: 1e-3 });
    const errors: string[] = [];
    sim.errors$.subscribe((e) => errors.push(e.message));
    const read = (probe: string) => sim.kernel.y[sim.sys.nodeIndex.get(probe)!];
    // An event sent now applies at the end of the next window; its effect shows one window later.
    const windows = (n: number) => sim.runUntil(sim.time + n * 1e-3 - 1e-6);
    windows(1);
    expect(read('out')).toBeCloseTo(0.5, 12);
    expect(read('y')).toBeCloseTo(0.75, 12);
    // R2's first terminal moves from out to y: out is left with R1 only, y gets R4 ∥ R2.
    expect(sim.sendNetwork({ type: 'CONNECT', element: 'r2', terminal: 'p', net: 'y' })).toBe(true);
    windows(2);
    expect(read('out')).toBeCloseTo(1, 12);
    expect(read('y')).toBeCloseTo(750 / 1750, 12);
    expect(sim.network().elements.find((e) => e.id === 'r2')!.nodes).toEqual(['y', '0']);
    expect(sim.sendNetwork({ type: 'ADD_ELEMENT', element: { id: 'R5', device: 'resistor', nodes: ['out', '0'], params: { r: 3e3 } } })).toBe(true);
    windows(2);
    expect(read('out')).toBeCloseTo(0.75, 12);
    expect(sim.element('r5').param('r')).toBe(3e3);
    expect(sim.element('r5').send({ type: 'REMOVE' })).toBe(true);
    expect(sim.element('r5').status).toBe('removed');
    windows(2);
    expect(read('out')).toBeCloseTo(1, 12);
    expect(sim.elementIds()).not.toContain('r5');
    // Rejections: what, where, what to do.
    expect(sim.sendNetwork({ type: 'ADD_ELEMENT', element: { id: 'r1', device: 'resistor', nodes: ['a', '0'] } })).toBe(false);
    expect(sim.sendNetwork({ type: 'ADD_ELEMENT', element: { id: 'r9', device: 'nope', nodes: ['a', '0'] } })).toBe(false);
    expect(sim.sendNetwork({ type: 'ADD_ELEMENT', element: { id: 'r9', device: 'resistor', nodes: ['a'] } })).toBe(false);
    expect(sim.sendNetwork({ type: 'ADD_ELEMENT', element: { id: 'r9', device: 'resistor', nodes: ['a', '0'], params: { r: -5 } } })).toBe(false);
    expect(sim.sendNetwork({ type: 'CONNECT', element: 'r1', terminal: 'q', net: 'a' })).toBe(false);
    expect(sim.send('r5', { type: 'SET_PARAM', name: 'r', value: 1 })).toBe(false);
    expect(errors).toEqual([
      "ADD_ELEMENT 'r1' rejected: the network already has an element 'r1'",
      "ADD_ELEMENT 'r9' rejected: unknown device model 'nope'",
      "ADD_ELEMENT 'r9' rejected: device 'resistor' has 2 terminals (p, n); got 1 nets",
      "ADD_ELEMENT 'r9' rejected: parameter 'r' = -5 is outside [0, inf]",
      "CONNECT 'r1' rejected: device 'resistor' has terminals 0 (p), 1 (n); got 'q'",
      "element 'r5': SET_PARAM rejected: the network has no element 'r5'",
    ]);
    // A change that does not compile is undone as a whole and reported; the run goes on.
    // (here a capacitor to a new net q leaves q without a DC path to ground).
    expect(sim.send('r1', { type: 'REMOVE' })).toBe(true);
    expect(sim.sendNetwork({ type: 'ADD_ELEMENT', element: { id: 'c9', device: 'capacitor', nodes: ['q', '0'], params: { c: 1e-9 } } })).toBe(true);
    expect(sim.runUntil(Infinity)).toBe('done');
    expect(errors.at(-1)).toMatch(/structural changes at t = .* were not applied: node 'q' has no DC path to ground/);
    expect(sim.elementIds()).toContain('r1');
    expect(sim.elementIds()).not.toContain('c9');
    expect(read('out')).toBeCloseTo(1, 12);
    expect(sim.element('r1').status).toBe('paused');
    sim.dispose();
  });

  it('structural events in one batch apply in element-id order: listing order does not change a bit', () => {
    const run = (order: 'ab' | 'ba') => {
      const sim = simulationOf(`* rc\nV1 in 0 SIN(0 1 500)\nR1 in out 1k\nR2 out 0 2k\nC1 out 0 1u\n.tran 10u 4m\n.end\n`, { window: 1e-3 });
      const rec = collect(sim.signal$('v(out)'));
      sim.runUntil(1e-3);
      const events = [
        { id: 'r2', event: { type: 'FAULT', reason: 'x' } as const },
        { id: 'r1', event: { type: 'SET_PARAM', name: 'r', value: 500 } as const },
      ];
      sim.sendBatch(order === 'ab' ? events : [...events].reverse());
      sim.runUntil(Infinity);
      const out = concatChunks(rec.chunks).values;
      sim.dispose();
      return out;
    };
    const a = run('ab');
    const b = run('ba');
    expect(a.length).toBeGreaterThan(100);
    expect(sameBits(a, b)).toBe(true);
  });
});

describe('device events', () => {
  it('a nanowire junction crossing Λcrit and reaching Λmax is detected at the step it happens; a rule faults it', () => {
    const sim = simulationOf(`* junction\nV1 a 0 DC 1\nYMEMRISTOR j1 a 0 nw\nYMEMRISTOR j2 a 0 nw\n.model nw memristor level=nanowire\n.tran 50u 20m\n.end\n`, { window: 1e-3 });
    sim.watch({ element: 'j1', level: 'lcrit', abs: true, name: 'on' });
    sim.watch({ element: 'j2', level: 'lcrit', abs: true, name: 'on' });
    sim.watch({ element: 'j2', level: 'max' });
    const events: DeviceEvent[] = [];
    sim.deviceEvents$.subscribe((e) => events.push(e));
    const lambda = collect(sim.element('j2').signal$('lambda'));
    // The rule takes j1 out of the circuit when it switches on.
    const onRule = setup({ types: { events: {} as WindowEvent, emitted: {} as CommandEvent } }).createMachine({
      on: {
        WINDOW: {
          guard: ({ event }) => event.deviceEvents.some((e) => e.element === 'j1' && e.name === 'on'),
          actions: emit({ type: 'COMMAND', command: { kind: 'send', element: 'j1', event: { type: 'FAULT', reason: 'switched on' } } } as CommandEvent),
        },
      },
    });
    sim.addRule('switch-off', onRule);
    expect(sim.runUntil(Infinity)).toBe('done');
    const vset = 1e-2;
    const tOn = 1e-2 / (1 - vset);
    const tMax = 1.5e-2 / (1 - vset);
    expect(events.map((e) => `${e.element} ${e.name} ${e.direction}`)).toEqual(['j1 on reached', 'j2 on reached', 'j2 lambda:max reached']);
    // Step resolution: each event is stamped with the first accepted step at or past the closed-form time.
    const { t } = concatChunks(lambda.chunks);
    for (const [e, exact] of [[events[1], tOn], [events[2], tMax]] as const) {
      const k = t.indexOf(e.time);
      expect(k).toBeGreaterThan(0);
      expect(t[k - 1]).toBeLessThan(exact * (1 + 1e-9));
      expect(e.time).toBeGreaterThanOrEqual(exact * (1 - 1e-9));
    }
    expect(events[0].time).toBe(events[1].time);
    expect(sim.element('j1').status).toBe('faulted');
    expect(sim.element('j1').actor().getSnapshot().context).toMatchObject({ deviceEvents: 1, faultReason: 'switched on' });
    expect(sim.element('j2').actor().getSnapshot().context.deviceEvents).toBe(2);
    sim.dispose();
  });

  it('bad watches are refused with a message', () => {
    const sim = simulationOf(`* w\nV1 a 0 DC 1\nR1 a 0 1k\nYMEMRISTOR j1 a 0 nw\n.model nw memristor level=nanowire\n.tran 50u 2m\n.end\n`, { window: 1e-3 });
    expect(() => sim.watch({ element: 'r1', level: 1 })).toThrow(/device 'resistor' has no states/);
    expect(() => sim.watch({ element: 'j1', level: 'nope' })).toThrow(/no such parameter; give a number, min, max or a parameter/);
    expect(() => sim.watch({ element: 'j1', state: 'q', level: 1 })).toThrow(/has states lambda/);
    expect(() => sim.watch({ element: 'zz', level: 1 })).toThrow(/no such element/);
    sim.dispose();
  });
});
