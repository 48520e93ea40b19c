import { canonicalInt, type ExternalId, type IdMap } from '../data/id-map.js';
import { Random } from '../data/random.js';

/**
 * Spark's initialisation (`ALS.initialize`): each factor row drawn from N(0, I) and scaled to unit
 * length, so that no row starts far from the others.
 *
 * Row r's draw depends only on (seed, stream, the id of row r): its generator is seeded with a
 * hash of the three. So the initial factor of user 196 is the same whatever the row order of the
 * data, the numbering of the ids or the thread count — the model depends on the data and the seed
 * only. `stream` separates users (0) from items (1). `std` > 0 (option initStd) keeps the draws
 * unnormalised, scaled to N(0, std²) per entry. Two ids whose 32-bit seeds collide start from
 * the same row; ALS separates them at the first update (their ratings differ), so this is harmless.
 */
export function initFactors(ids: Pick<IdMap, 'size' | 'toExternal'>, rank: number, seed: number, stream: number, std = 0): Float32Array {
  const n = ids.size;
  const out = new Float32Array(n * rank);
  const seeds = rowSeeds(ids, seed, stream);
  for (let r = 0; r < n; r++) {
    const rng = new Random(seeds[r]!);
    let norm = 0;
    const o = r * rank;
    for (let a = 0; a < rank; a++) {
      const v = rng.nextGaussian();
      out[o + a] = v;
      norm += v * v;
    }
    if (std > 0) {
      // option initStd: entries N(0, std²) as drawn, not scaled to unit rows
      for (let a = 0; a < rank; a++) out[o + a] = out[o + a]! * std;
      continue;
    }
    norm = Math.sqrt(norm);
    for (let a = 0; a < rank; a++) out[o + a] = out[o + a]! / norm;
  }
  return out;
}

/** The 32-bit seed of each row's generator: a hash of (seed, stream, the row's id). */
export function rowSeeds(ids: Pick<IdMap, 'size' | 'toExternal'>, seed: number, stream: number): Uint32Array {
  const base = mix32(Math.trunc(seed) ^ Math.imul(stream + 1, 0x27d4eb2d));
  const seeds = new Uint32Array(ids.size);
  for (let r = 0; r < ids.size; r++) seeds[r] = mix32(base ^ idHash(ids.toExternal(r)));
  return seeds;
}

/**
 * 32-bit hash of an id's text: an int (or a string that is an int's canonical text: they are one
 * id) hashes its value; any other string, FNV-1a over its UTF-16 code units, then mixed.
 */
export function idHash(id: ExternalId): number {
  const asInt = typeof id === 'number' ? id : canonicalInt(id);
  if (asInt !== null) return mix32(asInt ^ 0x5bd1e995);
  let h = 0x811c9dc5;
  for (let i = 0; i < (id as string).length; i++) h = Math.imul(h ^ (id as string).charCodeAt(i), 0x01000193);
  return mix32(h ^ 0x68e31da4);
}

/** murmur3's 32-bit finaliser: every input bit flips each output bit with probability ~1/2. */
function mix32(x: number): number {
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}
