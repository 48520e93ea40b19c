import type { ALSModel } from '../als/als-model.js';
import { loadIndex } from '../io/model-index-dir.js';
import type { IndexMetric, IndexSide, RetrievalIndex } from '../retrieval/retrieval-index.js';
import type { CliIO } from './cli-io.js';

/** `--index` of recommend and similar: 'auto' uses the model directory's saved index when there is one; 'none' the exact top-K. */
export type IndexFlag = 'auto' | 'none';

/**
 * The saved index of (side, metric) in the model directory, or undefined (exact top-K). A stale one
 * (built from other factors) is rebuilt and saved again, with a note on stderr.
 */
export async function savedIndex(flag: IndexFlag, modelDir: string, model: ALSModel, side: IndexSide, metric: IndexMetric, io: CliIO): Promise<RetrievalIndex | undefined> {
  if (flag === 'none') return undefined;
  const found = await loadIndex(modelDir, model, { side, metric });
  if (!found) return undefined;
  if (found.status === 'rebuilt') io.stderr(`index: the saved ${side}-${metric} index was built from other factors (stale); rebuilt and saved\n`);
  return found.index;
}
