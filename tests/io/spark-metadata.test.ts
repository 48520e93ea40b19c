import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  ALS_MODEL_CLASS,
  completeSparkMetadata,
  formatSparkMetadata,
  newSparkUid,
  parseSparkMetadata,
} from '../../src/io/spark-metadata.js';

const spark353 =
  '{"class":"org.apache.spark.ml.recommendation.ALSModel","timestamp":1735195110608,"sparkVersion":"3.5.3","uid":"ALS_7857287181c4",' +
  '"paramMap":{"userCol":"userId","blockSize":4096,"itemCol":"movieId","coldStartStrategy":"drop"},' +
  '"defaultParamMap":{"userCol":"user","predictionCol":"prediction","blockSize":4096,"itemCol":"item","coldStartStrategy":"nan"},"rank":10}\n';

describe('parseSparkMetadata', () => {
  it('reads the line Spark 3.5.3 writes', () => {
    const m = parseSparkMetadata(spark353, 'm/part-00000');
    expect(m).toMatchObject({ class: ALS_MODEL_CLASS, timestamp: 1735195110608, sparkVersion: '3.5.3', uid: 'ALS_7857287181c4', rank: 10 });
    expect(m.paramMap.coldStartStrategy).toBe('drop');
  });

  it('reads Spark 2.3 metadata, which has no defaultParamMap, as an empty one', () => {
    const line = '{"class":"org.apache.spark.ml.recommendation.ALSModel","timestamp":1,"sparkVersion":"2.3.0","uid":"als_1","paramMap":{},"rank":3}';
    expect(parseSparkMetadata(line, 'p').defaultParamMap).toEqual({});
  });

  it('refuses a missing class, a bad rank, an empty file, naming the file', () => {
    expect(() => parseSparkMetadata('{"rank":3}', 'x/part-00000')).toThrow('x/part-00000: metadata has no "class"');
    expect(() => parseSparkMetadata(spark353.replace('"rank":10', '"rank":0'), 'x')).toThrow('x: rank must be a positive integer, got 0');
    expect(() => parseSparkMetadata(spark353.replace('"rank":10', '"rank":2.5'), 'x')).toThrow('got 2.5');
    expect(() => parseSparkMetadata('\n', 'x')).toThrow('x is empty');
    expect(() => parseSparkMetadata('[1]', 'x')).toThrow('x: metadata must be a JSON object');
  });
});

describe('formatSparkMetadata', () => {
  it('writes compact JSON in Spark’s key order and a newline, so Spark’s own line reads back unchanged', () => {
    expect(formatSparkMetadata(parseSparkMetadata(spark353, 'p'))).toBe(spark353);
  });

  it('parse(format(m)) = m for any completed metadata (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1000 }),
        fc.nat({ max: 2 ** 45 }),
        fc.record({ userCol: fc.string(), coldStartStrategy: fc.constantFrom('nan', 'drop', 'DROP'), blockSize: fc.integer({ min: 1, max: 2147483647 }) }, { requiredKeys: [] }),
        (rank, timestamp, paramMap) => {
          const m = completeSparkMetadata({ rank, timestamp, paramMap }, rank);
          expect(parseSparkMetadata(formatSparkMetadata(m), 'p')).toEqual(m);
        },
      ),
    );
  });
});

describe('completeSparkMetadata', () => {
  it('fills class, version 3.5.3, the given time, an ALS_ uid, {} and Spark 3.5.3’s defaults', () => {
    const m = completeSparkMetadata({}, 4, 123);
    expect(m).toMatchObject({ class: ALS_MODEL_CLASS, sparkVersion: '3.5.3', timestamp: 123, rank: 4, paramMap: {} });
    expect(m.uid).toMatch(/^ALS_[0-9a-f]{12}$/);
    expect(Object.keys(m.defaultParamMap).sort()).toEqual(['blockSize', 'coldStartStrategy', 'itemCol', 'predictionCol', 'userCol']);
  });

  it('leaves out params whose value is undefined', () => {
    expect(completeSparkMetadata({ paramMap: { userCol: 'u', itemCol: undefined } }, 1).paramMap).toEqual({ userCol: 'u' });
  });

  it('refuses another class, a rank that disagrees, a uid with spaces, a fractional timestamp', () => {
    expect(() => completeSparkMetadata({ class: 'org.apache.spark.ml.feature.PCAModel' }, 2)).toThrow('class must be org.apache.spark.ml.recommendation.ALSModel');
    expect(() => completeSparkMetadata({ rank: 3 }, 2)).toThrow("rank 3 disagrees with the factors' rank 2");
    expect(() => completeSparkMetadata({ uid: 'ALS 1' }, 2)).toThrow('uid must be letters, digits and _');
    expect(() => completeSparkMetadata({ timestamp: 1.5 }, 2)).toThrow('timestamp must be integer milliseconds, got 1.5');
  });
});

describe('newSparkUid', () => {
  it('gives ALS_ and 12 hex digits, different each time', () => {
    const a = newSparkUid();
    expect(a).toMatch(/^ALS_[0-9a-f]{12}$/);
    expect(newSparkUid()).not.toBe(a);
  });
});
