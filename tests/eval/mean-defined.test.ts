import { describe, expect, it } from 'vitest';
import { meanDefined } from '../../src/eval/mean-defined.js';

describe('meanDefined', () => {
  it('averages the entries that are not NaN', () => {
    expect(meanDefined([0.5, NaN, 1])).toBe(0.75);
  });

  it('is NaN when no entry is defined', () => {
    expect(meanDefined([NaN])).toBeNaN();
    expect(meanDefined(new Float64Array(0))).toBeNaN();
  });
});
