import { describe, expect, it } from 'vitest';
import { collectGrid, collectSet, gridFromFlags, IMPLICIT_FLAG } from '../../../src/cli/tuning/grid-flags.js';

describe('--grid and --set flags', () => {
  it('read Spark names and the kebab case of the train flags into a grid', () => {
    const grid = collectGrid('regParam=0.001,0.1,1.0', collectGrid('rank=10,15,20'));
    const set = collectSet('max-iter=15', collectSet('nonnegative=true'));
    expect(gridFromFlags([...grid, ...set, IMPLICIT_FLAG])).toEqual({
      rank: [10, 15, 20],
      regParam: [0.001, 0.1, 1],
      nonnegative: true,
      maxIter: 15,
      implicitPrefs: true,
    });
  });

  it('reject an unknown key, an empty list, an empty value, a non-number and a repeated value', () => {
    expect(() => collectGrid('rnak=10')).toThrow(/unknown parameter 'rnak' in 'rnak=10'; known: rank, maxIter/);
    expect(() => collectGrid('rank=')).toThrow(/'rank=' lists no value for rank/);
    expect(() => collectGrid('rank=10,,20')).toThrow(/empty value at position 2/);
    expect(() => collectGrid('regParam=0.1,abc')).toThrow(/regParam takes numbers, got 'abc'/);
    expect(() => collectGrid('rank=10,10')).toThrow(/lists 10 twice/);
    expect(() => collectGrid('rank')).toThrow(/expected key=values, got 'rank'/);
  });

  it("check each value against the option's range and type", () => {
    expect(() => collectGrid('rank=10,1.5')).toThrow(/rank must be an integer >= 1, got 1.5 \(in 'rank=10,1.5'\)/);
    expect(() => collectGrid('regParam=-1')).toThrow(/regParam must be >= 0, got -1/);
    expect(() => collectGrid('implicitPrefs=yes')).toThrow(/implicitPrefs takes true or false, got 'yes'/);
    expect(() => collectGrid('solver=lu')).toThrow(/solver must be one of 'cholesky', 'cg', 'ials\+\+', got "lu"/);
  });

  it('--set takes one value', () => {
    expect(() => collectSet('maxIter=10,15')).toThrow(/--set takes one value, got 2 in 'maxIter=10,15'; use --grid maxIter=10,15/);
  });

  it('a key given twice is an error naming both flags, aliases included', () => {
    expect(() => gridFromFlags([...collectGrid('rank=10,20'), ...collectSet('rank=5')])).toThrow(
      /rank is given twice \(--grid rank=10,20 and --set rank=5\)/,
    );
    expect(() => gridFromFlags([...collectGrid('regParam=0.1'), ...collectGrid('reg-param=1')])).toThrow(/regParam is given twice/);
    expect(() => gridFromFlags([...collectGrid('rank=10'), ...collectSet('implicitPrefs=true'), IMPLICIT_FLAG])).toThrow(
      /implicitPrefs is given twice \(--set implicitPrefs=true and --implicit\)/,
    );
  });

  it('a search needs at least one --grid', () => {
    expect(() => gridFromFlags(collectSet('rank=10'))).toThrow(/no --grid given/);
  });
});
