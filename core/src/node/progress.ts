/** A progress bar on a TTY; silence elsewhere (CI logs and pipes get the summary only). */
export interface Progress {
  update(fraction: number): void;
  done(): void;
}

export function progressBar(label: string, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY) return { update() {}, done() {} };
  const start = Date.now();
  let last = -1;
  return {
    update(fraction) {
      const pct = Math.floor(fraction * 100);
      if (pct === last) return;
      last = pct;
      const width = 30;
      const filled = Math.round((width * pct) / 100);
      const secs = ((Date.now() - start) / 1000).toFixed(1);
      stream.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${pct}% ${secs}s`);
    },
    done() {
      if (last >= 0) stream.write('\r\x1b[K');
    },
  };
}
