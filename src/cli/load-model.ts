import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { ALSModel } from '../als/als-model.js';
import { loadALSModel } from '../io/als-model-dir.js';
import type { CliIO } from './cli-io.js';

/** A model loaded for a verb, and whether its directory lacks alsrec's sidecar. */
export interface LoadedModel {
  model: ALSModel;
  /** True for a plain Spark model directory (no alsrec.json): ids are Spark's integer ids. */
  sparkOnly: boolean;
}

/**
 * Loads the model at `dir`. A directory without alsrec.json (a Spark model, or the sidecar lost) is
 * valid, but its ids can only be Spark's integer ids: say so once on stderr, so that string ids in
 * the data are not a surprise.
 */
export async function loadModelFor(dir: string, verb: string, io: CliIO): Promise<LoadedModel> {
  const model = await loadALSModel(dir);
  const sparkOnly = !(await stat(join(dir, 'alsrec.json')).then((s) => s.isFile(), () => false));
  if (sparkOnly) {
    io.stderr(
      `alsrec ${verb}: note: ${dir} has no alsrec.json (a plain Spark model): its ids are Spark's integer ids ` +
        `(${model.userIds.size} users, ${model.itemIds.size} items)\n`,
    );
  }
  return { model, sparkOnly };
}
