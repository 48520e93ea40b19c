import type { TopLevelSpec } from 'vega-lite';

/** One training run's loss, `losses[i]` measured after iteration i + 1. */
export interface LossSeries {
  name: string;
  losses: readonly number[];
}

export interface LossCurveInput {
  /** One or several runs; with several, each gets a colour and a legend entry. */
  series: readonly LossSeries[];
  /** Default 'Training loss per iteration'. */
  title?: string;
  /** Y axis title. Default 'loss'. */
  yLabel?: string;
  /** Log-scaled y axis, for losses that fall by orders of magnitude. Default false. */
  logScale?: boolean;
}

export interface LossPoint {
  series: string;
  iteration: number;
  loss: number;
}

export const LOSS_CURVE_WIDTH = 480;
export const LOSS_CURVE_HEIGHT = 260;

/** The points of the curve: (series, iteration = i + 1, loss); non-finite losses are dropped. */
export function lossPoints(input: LossCurveInput): LossPoint[] {
  if (input.series.length === 0) {
    throw new RangeError('loss curve: series is empty; pass at least one { name, losses }');
  }
  const names = new Set<string>();
  for (const s of input.series) {
    if (names.has(s.name)) {
      throw new RangeError(`loss curve: series name ${JSON.stringify(s.name)} appears twice; names must be distinct`);
    }
    names.add(s.name);
  }
  return input.series.flatMap((s) =>
    s.losses.flatMap((loss, i) =>
      Number.isFinite(loss) && !(input.logScale && loss <= 0) ? [{ series: s.name, iteration: i + 1, loss }] : [],
    ),
  );
}

/**
 * A Vega-Lite line chart of the training loss against the iteration (1, 2, …), a point on each
 * iteration. Fixed size, integer ticks on x.
 */
export function lossCurveSpec(input: LossCurveInput): TopLevelSpec {
  const several = input.series.length > 1;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: input.title ?? 'Training loss per iteration',
    data: { values: lossPoints(input) as unknown as Record<string, unknown>[] },
    width: LOSS_CURVE_WIDTH,
    height: LOSS_CURVE_HEIGHT,
    mark: { type: 'line', point: true, strokeWidth: 2 },
    encoding: {
      x: {
        field: 'iteration',
        type: 'quantitative',
        title: 'iteration',
        axis: { tickMinStep: 1, format: 'd' },
        scale: { zero: false, nice: false },
      },
      y: {
        field: 'loss',
        type: 'quantitative',
        title: input.yLabel ?? 'loss',
        scale: input.logScale ? { type: 'log' } : { zero: false },
      },
      ...(several
        ? { color: { field: 'series', type: 'nominal', title: null, sort: input.series.map((s) => s.name) } }
        : {}),
    },
    config: { axis: { labelFontSize: 11, titleFontSize: 12 } },
  };
}
