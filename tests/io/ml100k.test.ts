import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { size } from '../../src/data/interactions.js';
import { randomSplit } from '../../src/data/split-random.js';
import { readMovieLensItems } from '../../src/io/read-ml-items.js';
import { readMovieLens } from '../../src/io/read-movielens.js';

// MovieLens 100k is not in the repo (its licence forbids redistribution): point ALSREC_ML100K at an
// unzipped copy. The counts asserted are the dataset's published facts (its README).
const ML100K = process.env['ALSREC_ML100K'];

describe.skipIf(!ML100K)('MovieLens 100k (real data)', () => {
  it('has 100000 ratings of 1..5 by 943 users on 1682 items', async () => {
    const data = await readMovieLens(ML100K!);
    expect(size(data)).toBe(100000);
    expect(data.userIds.size).toBe(943);
    expect(data.itemIds.size).toBe(1682);
    let min = Infinity;
    let max = -Infinity;
    let integral = true;
    for (const r of data.ratings) {
      min = Math.min(min, r);
      max = Math.max(max, r);
      integral &&= Number.isInteger(r);
    }
    expect([min, max, integral]).toEqual([1, 5, true]);
    expect(data.timestamps!.length).toBe(100000);
  });

  it('u.item lists 1682 movies, movie 1 being Toy Story (1995)', async () => {
    const items = await readMovieLensItems(join(ML100K!, 'u.item'));
    expect(items.titles.length).toBe(1682);
    const k = items.ids.indexOf(1);
    expect(items.titles[k]).toBe('Toy Story (1995)');
    expect(items.years[k]).toBe(1995);
  });

  it('splits 75/25 at random into 75000 and 25000 ratings', async () => {
    const [train, test] = randomSplit(await readMovieLens(ML100K!), 0.75, 42);
    expect([size(train!), size(test!)]).toEqual([75000, 25000]);
  });
});
