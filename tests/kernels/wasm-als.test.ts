import { beforeAll, describe, expect, it } from 'vitest';
import { WasmAls } from '../../src/kernels/wasm/wasm-als.js';
import { loadWasmKernels } from '../../src/kernels/wasm/load-kernels.js';
import type { WasmModule } from '../../src/kernels/wasm/wasm-api.js';
import { runTaskHere } from '../../src/kernels/pool/chunk-task.js';
import { gram } from '../../src/kernels/gram.js';
import { updateFactors, type UpdateParams } from '../../src/kernels/update-factors.js';
import { alsLoss } from '../../src/als/loss.js';
import { buildCSR } from '../../src/data/csr.js';
import { Random } from '../../src/data/random.js';
import { maxAbs, maxAbsDiff, randomFactors } from './wasm-fixtures.js';

let module: WasmModule;
beforeAll(async () => {
  module = (await loadWasmKernels())!;
  expect(module).not.toBeNull();
});

/** 120 users × 80 items, ~2400 signed ratings, rank 10, with fresh random factors. */
function problem(implicitPrefs: boolean, solver: 'cholesky' | 'cg' = 'cholesky') {
  const rng = new Random(implicitPrefs ? 2 : 1);
  const [nU, nI, k, nnz] = [120, 80, 10, 2400];
  const users = Int32Array.from({ length: nnz }, (_, j) => (j < nU ? j : rng.nextInt(nU)));
  const items = Int32Array.from({ length: nnz }, (_, j) => (j < nI ? j : rng.nextInt(nI)));
  const ratings = Float32Array.from({ length: nnz }, () => (implicitPrefs ? rng.nextInt(7) - 2 : 1 + rng.nextInt(5)));
  const X = randomFactors(rng, nU, k, 0.3);
  const Y = randomFactors(rng, nI, k, 0.3);
  const params: UpdateParams = { rank: k, regParam: 0.1, implicitPrefs, alpha: 2, nonnegative: false, solver, cgSteps: 3 };
  const engine = new WasmAls(module, { numUsers: nU, numItems: nI, users, items, ratings, userFactors: X, itemFactors: Y, params, threads: 1 });
  const run = (tasks: Iterable<Parameters<typeof runTaskHere>[2]>) => {
    for (const t of tasks) runTaskHere(engine.mem.exports, engine.mem.i32, t);
  };
  return {
    engine, run, X, Y, params, k, nU, nI,
    userItems: buildCSR(users, items, ratings, nU, nI),
    itemUsers: buildCSR(items, users, ratings, nI, nU),
  };
}

describe('WasmAls', () => {
  for (const implicitPrefs of [false, true]) {
    const kind = implicitPrefs ? 'implicit' : 'explicit';

    it(`${kind}: the loss tasks evaluate the objective of als/loss.ts`, () => {
      const p = problem(implicitPrefs);
      p.run(p.engine.loss());
      const ref = alsLoss(p.userItems, p.X, p.Y, p.k, p.params.regParam, implicitPrefs, p.params.alpha);
      // Dot products in float32 (relative error ~1e-6 each) summed in float64: the totals agree to
      // ~1e-6 relative; implicit adds tr(XᵀX·YᵀY) from float32-accumulated Gram blocks. We allow 1e-5.
      expect(Math.abs(p.engine.lastLoss / ref - 1)).toBeLessThan(1e-5);
    });

    for (const solver of implicitPrefs ? (['cholesky', 'cg'] as const) : (['cholesky'] as const)) {
      it(`${kind} ${solver}: a half-step per side equals updateFactors on the reference side by side`, () => {
        const p = problem(implicitPrefs, solver);
        const X = p.X.slice();
        const Y = p.Y.slice();
        const G = new Float64Array(p.k * p.k);
        p.run(p.engine.halfStep('items'));
        gram(X, p.nU, p.k, G);
        updateFactors(p.itemUsers, X, Y, G, p.params, 0, p.nI);
        expect(maxAbsDiff(p.engine.itemFactors(), Y)).toBeLessThan(1e-4 * Math.max(1, maxAbs(Y)));
        p.run(p.engine.halfStep('users'));
        gram(Y, p.nI, p.k, G);
        updateFactors(p.userItems, Y, X, G, p.params, 0, p.nU);
        // tolerance as in wasm-update-factors.test.ts (float32 accumulation, well-conditioned systems)
        expect(maxAbsDiff(p.engine.userFactors(), X)).toBeLessThan(1e-4 * Math.max(1, maxAbs(X)));
      });
    }
  }

  it('streams the CSRs through a window with the bits of the resident layout; user indices past 65,536 stay 32-bit', () => {
    // 70,000 users (item CSR: 32-bit user indices) × 50 items (user CSR: 16-bit item indices)
    const rng = new Random(5);
    const [nU, nI, k, nnz] = [70_000, 50, 4, 90_000];
    const users = Int32Array.from({ length: nnz }, (_, j) => (j < nU ? j : rng.nextInt(nU)));
    const items = Int32Array.from({ length: nnz }, (_, j) => (j < nI ? j : rng.nextInt(nI)));
    const ratings = Float32Array.from({ length: nnz }, () => rng.nextInt(5) - 1);
    const X = randomFactors(rng, nU, k, 0.3);
    const Y = randomFactors(rng, nI, k, 0.3);
    const params: UpdateParams = { rank: k, regParam: 0.1, implicitPrefs: true, alpha: 2, nonnegative: false, solver: 'cg', cgSteps: 3 };
    const engine = (csrWindow?: number) =>
      new WasmAls(module, { numUsers: nU, numItems: nI, users, items, ratings, userFactors: X, itemFactors: Y, params, threads: 1, csrWindow });
    const resident = engine();
    const windowed = engine(1000);
    expect(resident.footprint).toMatchObject({ csrInWasm: true, csrBytes: nnz * 16, windowBytes: 0 });
    // indices 4 + 2 bytes, values (whole numbers in [−1, 3]) 1 + 1; the window holds at least the largest chunk
    expect(windowed.footprint).toMatchObject({ csrInWasm: false, csrBytes: nnz * 8 });
    expect(windowed.footprint.windowBytes).toBeGreaterThanOrEqual(1000 * 8);
    expect(windowed.footprint.wasmBytes).toBeLessThan(resident.footprint.wasmBytes - nnz * 12);
    for (const e of [resident, windowed]) {
      for (const step of [e.halfStep('items'), e.halfStep('users'), e.loss()]) for (const t of step) runTaskHere(e.mem.exports, e.mem.i32, t);
    }
    expect(Array.from(windowed.itemFactors())).toEqual(Array.from(resident.itemFactors()));
    expect(Array.from(windowed.userFactors())).toEqual(Array.from(resident.userFactors()));
    expect(windowed.lastLoss).toBe(resident.lastLoss);
  });

  it('counts ratings per item for the model', () => {
    const p = problem(false);
    const counts = p.engine.itemCounts();
    for (let i = 0; i < p.nI; i++) expect(counts[i]).toBe(p.itemUsers.indptr[i + 1]! - p.itemUsers.indptr[i]!);
  });

  it('names the row, its rating count and the fix when a system is singular', () => {
    // rank 2, λ = 0, item 0 rated once: Σ y yᵀ has rank 1.
    const engine = new WasmAls(module, {
      numUsers: 2, numItems: 2,
      users: Int32Array.of(0, 1, 1), items: Int32Array.of(1, 0, 1), ratings: Float32Array.of(3, 4, 5),
      userFactors: Float32Array.of(1, 0, 0, 1), itemFactors: Float32Array.of(1, 0, 0, 1),
      params: { rank: 2, regParam: 0, implicitPrefs: false, alpha: 1, nonnegative: false, solver: 'cholesky', cgSteps: 3 },
      threads: 1,
    });
    expect(() => {
      for (const t of engine.halfStep('items')) runTaskHere(engine.mem.exports, engine.mem.i32, t);
    }).toThrow(/row 0 \(1 ratings\) are not positive definite; increase regParam \(now 0\) or lower rank \(now 2\)/);
  });
});
