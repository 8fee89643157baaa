/**
 * `memflow plugin check DIR`: validates the manifest (without running code), loads the main module
 * confined (an SES Compartment in its own worker, plugins/host.ts),
 * compares each device with its manifest entry and runs the SDK conformance suite on each, with core's
 * sine characterisation as the suite's loop simulator.
 */
import { DeviceFault, formatConformance, runConformance, type ConformanceReport, type DeviceModel, type LoopRun } from '@memflow/plugin-sdk';
import { characterise } from '../common/characterise/loop.js';
import { SimulationFault } from '../common/solver/fault.js';
import { defaultRegistry } from './load.js';
import { loadPlugin, PluginError, readPluginPackage, type LoadedPlugin, type PluginPackage } from './plugin-load.js';
import { defaultTimeoutMs } from './plugins/host.js';

export interface PluginCheckResult {
  /** 0 everything passed, 1 a check failed, 2 a bad manifest. */
  readonly code: number;
  readonly text: string;
  readonly reports: readonly ConformanceReport[];
}

/** A simulateLoop for the conformance suite: the device alone under a sine, in core's simulator. */
export function coreLoopSimulator(model: DeviceModel, drive: { amplitude: number; frequency: number; cycles: number; params: Readonly<Record<string, number>> }): LoopRun {
  const registry = defaultRegistry([model]);
  return characterise(model, registry.lookup, { ...drive, pointsPerCycle: 200 });
}

/** A plugin that loads but fails a check (1 stays "internal error" for the whole CLI). */
export const EXIT_CHECK_FAILED = 4;

export async function checkPlugin(dir: string): Promise<PluginCheckResult> {
  const lines: string[] = [];
  let plugin: PluginPackage;
  try {
    plugin = readPluginPackage(dir);
  } catch (err) {
    if (err instanceof PluginError) return { code: 2, text: `manifest: FAIL\n${err.message}\n`, reports: [] };
    throw err;
  }
  const m = plugin.manifest;
  lines.push(`${plugin.name} ${plugin.version} (plugin API ${m.apiVersion}): manifest ok, ${m.devices.length} device${m.devices.length === 1 ? '' : 's'}: ${m.devices.map((d) => d.id).join(', ')}`);
  const timeoutMs = defaultTimeoutMs();
  lines.push(`loading ${plugin.mainFile} confined: SES Compartment in its own worker, no fs/network/process/timers/eval, watchdog ${timeoutMs} ms per call`);
  let loaded: LoadedPlugin;
  try {
    loaded = await loadPlugin(plugin, { timeoutMs });
  } catch (err) {
    if (err instanceof PluginError) return { code: EXIT_CHECK_FAILED, text: `${lines.join('\n')}\nFAIL  ${err.message}\n`, reports: [] };
    throw err;
  }
  lines.push('code matches the manifest (ids, parameters, states)');
  const reports: ConformanceReport[] = [];
  let faulted = false;
  try {
    for (const model of loaded.devices) {
      const entry = m.devices.find((d) => d.id === model.id);
      const report = runConformance(model, { simulateLoop: coreLoopSimulator, drive: { ...entry?.drive } });
      reports.push(report);
      lines.push(formatConformance(report).trimEnd());
    }
  } catch (err) {
    // A model that throws, hangs or returns non-finite values stops the suite with the fault's message.
    if (!(err instanceof DeviceFault || err instanceof SimulationFault)) throw err;
    faulted = true;
    lines.push(`FAIL  ${err.message}`);
  } finally {
    await loaded.host.close();
  }
  const ok = !faulted && reports.every((r) => r.ok);
  lines.push(ok ? `PASS: ${plugin.name}` : `FAIL: ${plugin.name}${faulted ? '' : ` (${reports.filter((r) => !r.ok).map((r) => r.model).join(', ')})`}`);
  return { code: ok ? 0 : EXIT_CHECK_FAILED, text: lines.join('\n') + '\n', reports };
}
