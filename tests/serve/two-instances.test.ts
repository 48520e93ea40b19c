import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modelRoot } from './fixtures.js';
import { spawnServe, type ServeChild } from './spawn-serve.js';

/**
 * Two `alsrec serve` processes on one PostgreSQL (ALSREC_PG_URL; `.ci/run` starts one with
 * .ci/install-postgres.sh and sets ALSREC_REQUIRE_POSTGRES=1, so CI cannot skip this).
 */
const PG_URL = process.env.ALSREC_PG_URL;
const required = process.env.ALSREC_REQUIRE_POSTGRES === '1';
if (!PG_URL && required) throw new Error('ALSREC_REQUIRE_POSTGRES=1 but ALSREC_PG_URL is unset: eval "$(bash .ci/install-postgres.sh)"');
if (!PG_URL) console.warn('two-instances: SKIPPED, ALSREC_PG_URL is unset (eval "$(bash .ci/install-postgres.sh)")');

describe.skipIf(!PG_URL)('two service instances sharing one PostgreSQL store', () => {
  let fx: Awaited<ReturnType<typeof modelRoot>>;
  let a: ServeChild;
  let b: ServeChild;
  const dbName = `alsrec_two_${process.pid}`;
  beforeAll(async () => {
    fx = await modelRoot();
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${dbName}`);
    await admin.end();
    const url = new URL(PG_URL!);
    url.pathname = `/${dbName}`;
    [a, b] = await Promise.all([
      spawnServe([fx.m1, '--store', url.href, '--cache-k', '4']),
      spawnServe([fx.m1, '--store', url.href, '--cache-k', '4']),
    ]);
  });
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await admin.end();
    await fx.cleanup();
  });

  const list = async (base: string) =>
    ((await (await fetch(`${base}/v1/users/2/recommendations?k=2`)).json()) as { items: { item: string }[]; modelVersion: string }).items.map((x) => x.item);

  it('an event posted to one changes the next recommendation served by the other', async () => {
    // hand model m1: user 2 ranks 50 40 30 20 10
    expect(await list(b.base)).toEqual(['50', '40']);
    const r = await fetch(`${a.base}/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user: '2', item: '50', type: 'click', id: 'two-instances-1' }),
    });
    expect(r.status).toBe(200);
    expect(await list(b.base)).toEqual(['40', '30']);
    const events = (await (await fetch(`${b.base}/v1/users/2/events`)).json()) as { events: { id: string }[] };
    expect(events.events.map((e) => e.id)).toEqual(['two-instances-1']);
  });
});
