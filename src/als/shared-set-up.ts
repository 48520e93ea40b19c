import type { Interactions } from '../data/interactions.js';
import { canonicalCsrPair, csrIndptr, type CsrPair } from '../kernels/wasm/csr-into-memory.js';
import { canonicalIds, type CanonicalIds } from './canonical-order.js';
import { startingFactors } from './warm-start.js';

export type { CsrPair };

/**
 * The part of a fit's set-up that depends on the training rows only — the canonical numbering and
 * both CSRs — built once and shared by every fit of those rows (a grid search fits the same split
 * once per configuration), plus the initial factors of the last (rank, seed, initStd) asked for
 * (consecutive configurations of a grid usually share the rank: its factors are drawn once).
 */
export interface TrainingSetUp extends CanonicalIds {
  csr: CsrPair;
  factors?: { key: string; X: Float32Array; Y: Float32Array };
}

const setUps = new WeakMap<Interactions, TrainingSetUp>();

/**
 * Builds the set-up of `train` now and lets every later `ALS.fit(train)` use it instead of its
 * own (same numbering, same CSRs, same initial factors: the same model, bit for bit). For rows
 * that no one changes afterwards — the splits a search makes for itself — since the set-up is not
 * rebuilt if the arrays of `train` are written to; `forgetTrainingSetUp` lets go of it.
 */
export function shareTrainingSetUp(train: Interactions): TrainingSetUp {
  let s = setUps.get(train);
  if (s) return s;
  const ids = canonicalIds(train.users, train.items, train.userIds, train.itemIds);
  const userPtr = csrIndptr(train.users, ids.userIds.size, ids.userIndex);
  const itemPtr = csrIndptr(train.items, ids.itemIds.size, ids.itemIndex);
  const nnz = train.users.length;
  const csr: CsrPair = {
    userPtr,
    itemPtr,
    userIndices: new Int32Array(nnz),
    userValues: new Float32Array(nnz),
    itemIndices: new Int32Array(nnz),
    itemValues: new Float32Array(nnz),
  };
  canonicalCsrPair(train.users, train.items, train.ratings, ids.userIndex, ids.itemIndex, userPtr, itemPtr, csr);
  s = { ...ids, csr };
  setUps.set(train, s);
  return s;
}

/** The shared set-up of `train`, if shareTrainingSetUp built one. */
export function sharedTrainingSetUp(train: Interactions): TrainingSetUp | undefined {
  return setUps.get(train);
}

/** Drops the shared set-up of `train` (its fits build their own again). */
export function forgetTrainingSetUp(train: Interactions): void {
  setUps.delete(train);
}

/**
 * The seeded initial factors of a shared set-up for (rank, seed, initStd), drawn once while the
 * key stays the same. Callers must not write into them (the WASM engine copies them; the
 * TypeScript fit takes a copy).
 */
export function sharedStartingFactors(s: TrainingSetUp, rank: number, seed: number, initStd: number): { X: Float32Array; Y: Float32Array } {
  const key = `${rank}/${seed}/${initStd}`;
  if (s.factors?.key !== key) {
    const { X, Y } = startingFactors(s.userIds, s.itemIds, rank, seed, undefined, initStd);
    s.factors = { key, X, Y };
  }
  return s.factors;
}
