/**
 * Sessions for node hosts (the CLI, the desktop's main process): create/resume and drive a session
 * (SessionRunner: pause(), resume(), stop(), its xstate actor, progress and event callbacks), read a
 * session directory while it runs (readSessionStatus, SessionStore: metrics, checkpoints, events,
 * waveform files), and export it.
 */
export { SessionRunner, type RunnerOptions, type SessionProgress, type SessionLogEvent } from './runner.js';
export { readSessionStatus, sessionStatus, formatStatus, type SessionStatusReport, type SessionHealth, type StatusOptions } from './status.js';
export { SessionStore, SessionStoreError, STORE_FORMAT, liveOwner, type CheckpointRow, type WaveformFileRow, type SessionRecord } from './store.js';
export { readAllWaveforms, readWaveformFile } from './waveforms.js';
export { exportSession, type ExportFormat } from './export.js';
export { CheckpointError, readCheckpoint } from './checkpoint-file.js';
export { cmdSession, loadSpecFile, pauseSession } from './command.js';
export { InputError } from '../errors.js';
