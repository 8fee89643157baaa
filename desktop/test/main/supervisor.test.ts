import { describe, expect, it } from 'vitest';
import { EngineSupervisor, type EngineProcess } from '../../src/main/supervisor.js';

/** A fake engine process: records ports, exits on demand. */
class FakeProcess implements EngineProcess {
  ports: unknown[] = [];
  killed = false;
  private exit?: (code: number) => void;
  connect(port: unknown): void {
    this.ports.push(port);
  }
  onExit(listener: (code: number) => void): void {
    this.exit = listener;
  }
  kill(): void {
    this.killed = true;
    this.exit?.(0);
  }
  crash(code = 1): void {
    this.exit?.(code);
  }
}

function setup(maxRestarts = 3) {
  const spawned: FakeProcess[] = [];
  const crashes: [string, boolean][] = [];
  let restarts = 0;
  let now = 0;
  const sup = new EngineSupervisor({
    spawn: () => {
      const p = new FakeProcess();
      spawned.push(p);
      return p;
    },
    onCrash: (reason, restarting) => crashes.push([reason, restarting]),
    onRestart: () => restarts++,
    now: () => now,
    maxRestarts,
    periodMs: 10_000,
  });
  return { sup, spawned, crashes, restarts: () => restarts, advance: (ms: number) => (now += ms) };
}

describe('engine supervisor', () => {
  it('starts one engine lazily and hands it every port', () => {
    const { sup, spawned } = setup();
    expect(spawned).toHaveLength(0);
    sup.connect('port-a');
    sup.connect('port-b');
    expect(spawned).toHaveLength(1);
    expect(spawned[0].ports).toEqual(['port-a', 'port-b']);
  });

  it('reports a crash and starts a new engine', () => {
    const { sup, spawned, crashes, restarts } = setup();
    sup.connect('p');
    spawned[0].crash(134);
    expect(crashes).toEqual([['the engine process exited with code 134', true]]);
    expect(spawned).toHaveLength(2);
    expect(restarts()).toBe(1);
    expect(sup.running).toBe(true);
  });

  it('gives up after too many crashes in a short time, and tries again later', () => {
    const { sup, spawned, crashes } = setup(2);
    sup.ensure();
    spawned[0].crash();
    spawned[1].crash();
    spawned[2].crash();
    expect(spawned).toHaveLength(3);
    expect(crashes.map((c) => c[1])).toEqual([true, true, false]);
    expect(crashes[2][0]).toMatch(/not restarted/);
    expect(sup.running).toBe(false);
  });

  it('forgets old crashes once the period has passed', () => {
    const { sup, spawned, crashes, advance } = setup(1);
    sup.ensure();
    spawned[0].crash();
    advance(20_000);
    spawned[1].crash();
    expect(crashes.map((c) => c[1])).toEqual([true, true]);
  });

  it('does not restart on shutdown, and ignores exits of replaced processes', () => {
    const { sup, spawned, crashes } = setup();
    sup.ensure();
    spawned[0].crash();
    spawned[0].crash(); // a late duplicate exit of the old process
    expect(spawned).toHaveLength(2);
    sup.shutdown();
    expect(spawned[1].killed).toBe(true);
    expect(crashes).toHaveLength(1);
    expect(sup.running).toBe(false);
  });
});
