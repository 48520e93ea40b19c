import { describe, expect, it } from 'vitest';
import { detectFormat } from '../../src/io/detect-format.js';

describe('detectFormat', () => {
  it.each([
    ['data/ml-100k/u.data', 'ml100k'],
    ['ml-100k/u1.base', 'ml100k'],
    ['ml-100k/ua.test', 'ml100k'],
    ['ml-1m/ratings.dat', 'ml-dat'],
    ['ml-10M100K/r3.train', 'ml-dat'],
    ['ml-25m/ratings.csv', 'ml-csv'],
    ['events.csv', 'csv'],
    ['EVENTS.CSV', 'csv'],
    ['events.tsv', 'tsv'],
    ['events.tab', 'tsv'],
    ['ratings.parquet', 'parquet'],
    ['part-00000-1b2c.snappy.PARQUET', 'parquet'],
    ['ratings.arrow', 'arrow'],
    ['ratings.feather', 'arrow'],
    ['ratings.arrows', 'arrow'],
    ['ratings.IPC', 'arrow'],
  ])('reads %s as %s from its name', (path, format) => {
    expect(detectFormat(path)).toBe(format);
  });

  it('lets --format override the name', () => {
    expect(detectFormat('u.data', 'csv')).toBe('csv');
    expect(detectFormat('whatever.log', 'tsv')).toBe('tsv');
  });

  it('rejects an unknown --format value, listing the valid ones', () => {
    expect(() => detectFormat('x.csv', 'orc')).toThrow('format must be one of ml100k, ml-dat, ml-csv, csv, tsv, parquet, arrow, got "orc"');
  });

  it('asks for --format when the name says nothing', () => {
    expect(() => detectFormat('events.log')).toThrow('events.log: cannot tell the format from the file name; pass --format');
  });
});
