import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { initFactors } from '../../src/als/init-factors.js';
import { IdMap } from '../../src/data/id-map.js';
import { initFactorsWasm } from '../../src/kernels/wasm/init-factors-wasm.js';
import { loadWasmKernels, requireWasmKernels } from '../../src/kernels/wasm/load-kernels.js';

beforeAll(async () => {
  expect(await loadWasmKernels()).not.toBeNull();
});

/** Float32 arrays as their bit patterns, so that equality means bit for bit (−0, NaN included). */
const bits = (a: Float32Array) => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length));

describe('initFactorsWasm (the WASM twin of initFactors)', () => {
  it('draws the reference rows bit for bit: int and string ids, any rank, seed, stream, unit rows or std', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.integer({ min: -2e9, max: 2e9 }), fc.string({ maxLength: 6 })), { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 1, max: 70 }),
        fc.integer(),
        fc.integer({ min: 0, max: 1 }),
        fc.constantFrom(0, 0.01, 1.5),
        (raw, rank, seed, stream, std) => {
          const ids = IdMap.from([...new Set(raw)]);
          const ts = initFactors(ids, rank, seed, stream, std);
          const wasm = initFactorsWasm(requireWasmKernels(), ids, rank, seed, stream, std);
          expect(bits(wasm)).toEqual(bits(ts));
        },
      ),
      { numRuns: 80 },
    );
  });

  it('draws more rows than one batch (16,384) the same as the reference', () => {
    const ids = IdMap.from(Array.from({ length: 20000 }, (_, j) => j * 7 - 3));
    expect(bits(initFactorsWasm(requireWasmKernels(), ids, 3, 42, 1))).toEqual(bits(initFactors(ids, 3, 42, 1)));
  });
});
