import cliProgress from 'cli-progress';
import { ALS_DEFAULTS } from '../../als/options.js';
import type { SearchOptions } from '../../tuning/run-search.js';
import type { SearchTask } from '../../tuning/search-runner.js';
import { describeParams } from '../../tuning/search-config.js';
import type { ParamMap } from '../../tuning/param-grid.js';
import type { CliIO } from '../cli-io.js';

/**
 * Progress bars of a search on stderr, drawn only when stderr is a terminal (silent in pipes, CI
 * and under --json): one bar for the grid (fits done / fits to do), one per parallel lane for the
 * iterations of the fit it runs, and one for the refit of the best configuration.
 */
export function searchProgress(
  io: CliIO,
  opts: { totalFits: number; lanes: number; configs: readonly ParamMap[]; splits: number },
): { events: NonNullable<SearchOptions['events']>; stop(): void } | null {
  if (!io.isTTY || opts.totalFits === 0) return null;
  const multi = new cliProgress.MultiBar(
    { stream: process.stderr, clearOnComplete: true, hideCursor: true, format: '{label} [{bar}] {value}/{total} {what}' },
    cliProgress.Presets.shades_classic,
  );
  const grid = multi.create(opts.totalFits, 0, { label: 'grid ', what: 'fits' });
  const lanes = Array.from({ length: opts.lanes }, (_, slot) => multi.create(1, 0, { label: `fit ${slot + 1}`, what: '' }));
  let refit: cliProgress.SingleBar | null = null;
  const what = (task: SearchTask) =>
    `iterations  ${describeParams(opts.configs[task.config]!)}${opts.splits > 1 ? `  fold ${task.split + 1}/${opts.splits}` : ''}`;
  return {
    events: {
      onTaskStart: (task, slot) => {
        lanes[slot]?.setTotal(Math.max(1, task.options.maxIter ?? ALS_DEFAULTS.maxIter));
        lanes[slot]?.update(0, { what: what(task) });
      },
      onIteration: (task, slot, info) => lanes[slot]?.update(info.iteration, { what: what(task) }),
      onTaskDone: () => grid.increment(),
      onRefitIteration: (info) => {
        refit ??= multi.create(info.maxIter, 0, { label: 'refit', what: 'iterations of the best configuration' });
        refit.update(info.iteration);
      },
    },
    stop: () => multi.stop(),
  };
}
