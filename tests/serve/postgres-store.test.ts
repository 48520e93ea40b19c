import pg from 'pg';
import { afterAll, beforeAll, describe } from 'vitest';
import { PostgresStore } from '../../src/serve/postgres-store.js';
import { storeSuite } from './store-suite.js';

/**
 * Runs against the PostgreSQL named by ALSREC_PG_URL (`eval "$(bash .ci/install-postgres.sh)"`
 * starts one). Skipped without it, unless ALSREC_REQUIRE_POSTGRES=1 (CI), where that fails.
 */
export const PG_URL = process.env.ALSREC_PG_URL;
const required = process.env.ALSREC_REQUIRE_POSTGRES === '1';
if (!PG_URL && required) throw new Error('ALSREC_REQUIRE_POSTGRES=1 but ALSREC_PG_URL is unset: eval "$(bash .ci/install-postgres.sh)"');
if (!PG_URL) console.warn('postgres-store: SKIPPED, ALSREC_PG_URL is unset (eval "$(bash .ci/install-postgres.sh)")');

describe.skipIf(!PG_URL)('PostgresStore', () => {
  // each test gets a fresh database so counts start at zero
  const admin = () => new pg.Client({ connectionString: PG_URL });
  const made: string[] = [];
  let n = 0;
  beforeAll(async () => {});
  afterAll(async () => {
    const c = admin();
    await c.connect();
    for (const db of made) await c.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
    await c.end();
  });

  storeSuite(async () => {
    const name = `alsrec_store_${process.pid}_${n++}`;
    const c = admin();
    await c.connect();
    await c.query(`CREATE DATABASE ${name}`);
    await c.end();
    made.push(name);
    const url = new URL(PG_URL!);
    url.pathname = `/${name}`;
    return PostgresStore.open(url.href);
  });
});
