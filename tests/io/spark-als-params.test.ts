import { describe, expect, it } from 'vitest';
import { ALS_MODEL_PARAMS, SPARK_ALS_DEFAULT_PARAMS, checkALSModelParams } from '../../src/io/spark-als-params.js';

describe('checkALSModelParams', () => {
  it('accepts the five ALSModel params with values Spark’s validators accept', () => {
    expect(() => checkALSModelParams({ userCol: 'u', itemCol: 'i', predictionCol: 'p', coldStartStrategy: 'Drop', blockSize: 1 }, 'paramMap')).not.toThrow();
  });

  it('accepts Spark 3.5.3’s own defaults, which cover exactly the model params', () => {
    expect(() => checkALSModelParams({ ...SPARK_ALS_DEFAULT_PARAMS }, 'defaultParamMap')).not.toThrow();
    expect(Object.keys(SPARK_ALS_DEFAULT_PARAMS).sort()).toEqual([...ALS_MODEL_PARAMS].sort());
  });

  it('refuses an estimator-only param, which Spark’s loader cannot set on a model', () => {
    expect(() => checkALSModelParams({ maxIter: 10 }, 'paramMap')).toThrow('paramMap.maxIter is not an ALSModel param (Spark\'s loader would fail with "Param maxIter does not exist")');
  });

  it('refuses values Spark would reject', () => {
    expect(() => checkALSModelParams({ coldStartStrategy: 'skip' }, 'p')).toThrow(`p.coldStartStrategy must be 'nan' or 'drop', got "skip"`);
    expect(() => checkALSModelParams({ blockSize: 0 }, 'p')).toThrow('p.blockSize must be an integer in 1..2147483647, got 0');
    expect(() => checkALSModelParams({ userCol: 3 }, 'p')).toThrow('p.userCol must be a string, got 3');
  });
});
