import { IdMap } from '../data/id-map.js';
import { selectRows, size, type Interactions } from '../data/interactions.js';
import { Random } from '../data/random.js';
import { cutPoints, normaliseRatios } from '../data/split-ratios.js';
import { kFoldAssignment } from './k-fold.js';

/**
 * How a search cuts its data: split s (0 ≤ s < splits) trains on the rows with fold[r] ≠ s and
 * validates on the rows with fold[r] = s. One typed array describes every protocol, so the rows
 * can be shared with worker threads once and each split rebuilt where it is used:
 *
 *   cross-validation, k = 3:     fold = [2, 0, 1, 0, 2, 1, …]   splits = 3
 *   train/validation split:      fold = [1, 1, 0, 1, 0, 1, …]   splits = 1 (0 = validation, 1 = train)
 *
 * `full` is what the best configuration is refitted on at the end (Spark refits on the whole
 * dataset handed to CrossValidator or TrainValidationSplit).
 */
export interface SplitPlan {
  readonly kind: 'cross-validation' | 'train-validation';
  readonly data: Interactions;
  readonly fold: Int32Array;
  readonly splits: number;
  readonly full: Interactions;
}

/** Training and validation rows of split s, sharing the id maps of plan.data. */
export function splitParts(plan: Pick<SplitPlan, 'data' | 'fold'>, s: number): { train: Interactions; validation: Interactions } {
  const { fold } = plan;
  let nValidation = 0;
  for (let r = 0; r < fold.length; r++) if (fold[r] === s) nValidation++;
  const trainRows = new Int32Array(fold.length - nValidation);
  const validationRows = new Int32Array(nValidation);
  let a = 0;
  let b = 0;
  for (let r = 0; r < fold.length; r++) {
    if (fold[r] === s) validationRows[b++] = r;
    else trainRows[a++] = r;
  }
  return { train: selectRows(plan.data, trainRows), validation: selectRows(plan.data, validationRows) };
}

/** k-fold cross-validation of `data` (folds from kFoldAssignment); the best model is refitted on all of `data`. */
export function crossValidationPlan(data: Interactions, folds: number, seed: number): SplitPlan {
  const fold = kFoldAssignment(size(data), folds, seed);
  return { kind: 'cross-validation', data, fold, splits: folds, full: data };
}

/**
 * One random train/validation split of `data`, the same rows as randomSplit(data, trainRatio, seed):
 * the rows shuffled with Random(seed), the first round(trainRatio·n) train. As Spark's
 * TrainValidationSplit, the best model is refitted on all of `data`.
 */
export function trainValidationPlan(data: Interactions, trainRatio: number, seed: number): SplitPlan {
  const [trainFraction] = normaliseRatios(trainRatio, 'trainValidationSplit');
  const n = size(data);
  if (n < 2) throw new RangeError(`trainValidationSplit: ${n} row(s) cannot be split into training and validation; pass more data`);
  if (!Number.isFinite(seed)) throw new RangeError(`trainValidationSplit: seed must be a finite number, got ${seed}`);
  const order = new Int32Array(n);
  for (let r = 0; r < n; r++) order[r] = r;
  new Random(seed).shuffle(order);
  const cut = cutPoints([trainFraction!, 1 - trainFraction!], n)[1]!;
  if (cut === 0 || cut === n) {
    throw new RangeError(`trainValidationSplit: trainRatio ${trainRatio} of ${n} rows leaves one side empty; use a ratio nearer 0.5 or more data`);
  }
  const fold = new Int32Array(n);
  for (let p = 0; p < cut; p++) fold[order[p]!] = 1;
  return { kind: 'train-validation', data, fold, splits: 1, full: data };
}

/**
 * A given training set and validation set (the seed workflow: a test file split off beforehand).
 * The best model is refitted on `train` only: the validation rows are held out, not training data.
 * The two may use different id maps; ids are matched by value.
 */
export function explicitValidationPlan(train: Interactions, validation: Interactions): SplitPlan {
  if (size(train) === 0) throw new RangeError('trainValidationSplit: the training set has no rows');
  if (size(validation) === 0) throw new RangeError('trainValidationSplit: the validation set has no rows');
  const data = concatRows(train, validation);
  const fold = new Int32Array(size(data));
  fold.fill(1, 0, size(train));
  const full = train.userIds === data.userIds && train.itemIds === data.itemIds
    ? train
    : selectRows(data, Int32Array.from({ length: size(train) }, (_, r) => r));
  return { kind: 'train-validation', data, fold, splits: 1, full };
}

/** The rows of `a` then those of `b`, in one set of id maps (a's indices kept; b's ids added as needed). */
function concatRows(a: Interactions, b: Interactions): Interactions {
  const shared = a.userIds === b.userIds && a.itemIds === b.itemIds;
  const userIds = shared ? a.userIds : extend(a.userIds, b.userIds);
  const itemIds = shared ? a.itemIds : extend(a.itemIds, b.itemIds);
  const na = size(a);
  const n = na + size(b);
  const users = new Int32Array(n);
  const items = new Int32Array(n);
  const ratings = new Float32Array(n);
  users.set(a.users);
  items.set(a.items);
  ratings.set(a.ratings);
  for (let r = 0; r < size(b); r++) {
    users[na + r] = shared ? b.users[r]! : userIds.toIndex(b.userIds.toExternal(b.users[r]!));
    items[na + r] = shared ? b.items[r]! : itemIds.toIndex(b.itemIds.toExternal(b.items[r]!));
  }
  ratings.set(b.ratings, na);
  let timestamps: Float64Array | undefined;
  if (a.timestamps && b.timestamps) {
    timestamps = new Float64Array(n);
    timestamps.set(a.timestamps);
    timestamps.set(b.timestamps, na);
  }
  return { users, items, ratings, timestamps, userIds, itemIds };
}

function extend(base: IdMap, more: IdMap): IdMap {
  const out = IdMap.from(base.ids());
  for (let i = 0; i < more.size; i++) out.add(more.toExternal(i));
  return out;
}
