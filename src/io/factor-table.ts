/**
 * One side of a Spark ALSModel on disk (`userFactors/` or `itemFactors/`): a row per id, each row
 * `rank` floats. `factors` is row-major, ids.length × rank, rows in the order of `ids`:
 *
 *   ids     = [ 7, -3 ]          rank = 2
 *   factors = [ a, b,  c, d ]    → id 7 has (a, b), id -3 has (c, d)
 */
export interface FactorTable {
  ids: Int32Array;
  factors: Float32Array;
  rank: number;
}

/**
 * Checks that `table` is a well-formed factor table: a positive integer rank, `factors` of length
 * ids.length × rank, and unique ids. `where` names the table in errors (a path, or "userFactors").
 */
export function checkFactorTable(table: FactorTable, where: string): void {
  const { ids, factors, rank } = table;
  if (!Number.isInteger(rank) || rank < 1) {
    throw new Error(`${where}: rank must be a positive integer, got ${rank}`);
  }
  if (factors.length !== ids.length * rank) {
    throw new Error(
      `${where}: factors has ${factors.length} floats, expected ids.length × rank = ${ids.length} × ${rank} = ${ids.length * rank}`,
    );
  }
  const dup = firstDuplicate(ids);
  if (dup !== undefined) {
    throw new Error(`${where}: id ${dup} appears more than once; each id must have one factor row`);
  }
}

/** The first id (in sorted order) that occurs twice in `ids`, or undefined when all are unique. */
export function firstDuplicate(ids: Int32Array): number | undefined {
  const sorted = Int32Array.from(ids).sort();
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i] === sorted[i - 1]) return sorted[i];
  }
  return undefined;
}

/** Stacks tables of the same rank row-wise, in order (the part files of one factor directory). */
export function concatFactorTables(tables: FactorTable[], rank: number): FactorTable {
  let rows = 0;
  for (const t of tables) rows += t.ids.length;
  const ids = new Int32Array(rows);
  const factors = new Float32Array(rows * rank);
  let at = 0;
  for (const t of tables) {
    ids.set(t.ids, at);
    factors.set(t.factors, at * rank);
    at += t.ids.length;
  }
  return { ids, factors, rank };
}
