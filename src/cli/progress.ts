import cliProgress from 'cli-progress';
import type { CliIO } from './cli-io.js';

/**
 * A progress bar on stderr for fit iterations, drawn only when stderr is a terminal (silent in
 * pipes, CI and under --json). `tick` matches ALSOptions.onIteration.
 */
export function iterationProgress(io: CliIO, maxIter: number, label = 'fit') {
  if (!io.isTTY || maxIter === 0) return null;
  const bar = new cliProgress.SingleBar(
    { format: `${label} [{bar}] {value}/{total} iterations  loss {loss}`, stream: process.stderr, clearOnComplete: true, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  bar.start(maxIter, 0, { loss: '—' });
  return {
    tick: (info: { iteration: number; loss: number | null }) => bar.update(info.iteration, { loss: info.loss?.toFixed(1) ?? '—' }),
    stop: () => bar.stop(),
  };
}
