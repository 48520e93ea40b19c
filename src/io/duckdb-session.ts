import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';

/**
 * A DuckDB database in memory, opened for one read and closed after it. DuckDB reads alsrec's
 * Parquet input (io/read-parquet-interactions.ts): chosen over hyparquet by measurement on the 25M
 * synthetic set (docs/scaling.md, "Parquet input"). The package is loaded on first use, so a
 * machine without its native binding still runs every verb that reads no Parquet.
 */
export interface DuckSession {
  con: DuckDBConnection;
  /** Rows of a query, each an array of column values (numbers, strings, bigints, null). */
  rows(sql: string): Promise<unknown[][]>;
  close(): void;
}

export async function openDuckSession(who: string): Promise<DuckSession> {
  let api: typeof import('@duckdb/node-api');
  try {
    api = await import('@duckdb/node-api');
  } catch (e) {
    throw new Error(
      `${who}: reading Parquet needs the @duckdb/node-api package and its native binding for this platform ` +
        `(${process.platform}-${process.arch}), which failed to load (${(e as Error).message}); ` +
        'reinstall alsrec with optional dependencies (npm install without --no-optional), or convert the input to CSV',
    );
  }
  const instance: DuckDBInstance = await api.DuckDBInstance.create(':memory:');
  const con = await instance.connect();
  return {
    con,
    async rows(sql: string) {
      const result = await con.run(sql);
      return (await result.getRows()) as unknown[][];
    },
    close() {
      con.closeSync();
      instance.closeSync();
    },
  };
}

/** `text` as an SQL string literal: 'it''s'. */
export function sqlString(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/** `name` as an SQL identifier: "user", "a""b". */
export function sqlName(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
