import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modelRoot } from '../serve/fixtures.js';
import { spawnServe } from '../serve/spawn-serve.js';
import { alsrec } from './run-cli.js';

describe('alsrec serve', () => {
  let fx: Awaited<ReturnType<typeof modelRoot>>;
  beforeAll(async () => {
    fx = await modelRoot();
  });
  afterAll(async () => fx.cleanup());

  it('--help lists the flags with examples', async () => {
    const { code, stdout } = await alsrec(['serve', '--help']);
    expect(code).toBe(0);
    for (const flag of ['--port', '--host', '--store', '--model-root', '--token-file', '--train-data', '--cache-k', '--rate-limit', 'Examples:']) {
      expect(stdout).toContain(flag);
    }
    expect(stdout).toContain('127.0.0.1');
  });

  it('refuses flags whose library part is not available, saying why', async () => {
    const { code, stderr } = await alsrec(['serve', fx.m1, '--retrain-every', '6h']);
    expect(code).toBe(1);
    expect(stderr).toMatch(/--retrain-every needs warm starts/);
  });

  it('keeps every event it acknowledged with a 2xx through kill -9, and restarts on the store', async () => {
    const db = join(fx.root, 'durable.db');
    const server = await spawnServe([fx.m1, '--store', `sqlite:${db}`, '--cache-k', '0', '--rate-limit', '0']);
    const acked: string[] = [];
    let failed = 0;
    let stop = false;
    // 16 clients post batches of 4 events with unique ids as fast as they can
    const client = async (c: number) => {
      for (let b = 0; !stop; b++) {
        const ids = [0, 1, 2, 3].map((j) => `c${c}-b${b}-e${j}`);
        try {
          const r = await fetch(`${server.base}/v1/events`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ events: ids.map((id) => ({ id, user: `u${c}`, item: `i${b}`, type: 'click' })) }),
          });
          if (r.status === 200) acked.push(...ids);
          else failed++;
        } catch {
          failed++; // the connection died with the process: not acknowledged
          return;
        }
      }
    };
    const clients = Array.from({ length: 16 }, (_, c) => client(c));
    while (acked.length < 400) await new Promise((r) => setTimeout(r, 20));
    await server.kill9(); // in the middle of the load
    stop = true;
    await Promise.all(clients);
    expect(failed).toBeGreaterThan(0); // requests really were in flight when it died

    const restarted = await spawnServe([fx.m1, '--store', `sqlite:${db}`, '--cache-k', '0']);
    const page = (await (await fetch(`${restarted.base}/v1/users/u0/events?limit=1000`)).json()) as { events: { id: string }[] };
    await restarted.stop();
    const stored = new Set((new Database(db, { readonly: true }).prepare('SELECT id FROM events').all() as { id: string }[]).map((r) => r.id));
    const lost = acked.filter((id) => !stored.has(id));
    expect(lost).toEqual([]);
    expect(page.events.length).toBeGreaterThan(0);
    console.log(`kill -9 fault test: ${acked.length} events acknowledged, ${stored.size} stored, 0 lost, ${failed} requests cut off`);
  });

  it('restarts on a complete model after kill -9 during a model swap', async () => {
    const server = await spawnServe([fx.m1, '--store', `sqlite:${join(fx.root, 'swap.db')}`, '--cache-k', '4']);
    const swapping = fetch(`${server.base}/v1/admin/models`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"path":"m2"}' }).catch(() => null);
    await new Promise((r) => setTimeout(r, 5));
    await server.kill9();
    await swapping;
    const again = await spawnServe([fx.m1, '--store', `sqlite:${join(fx.root, 'swap.db')}`, '--cache-k', '4']);
    const r = (await (await fetch(`${again.base}/v1/users/1/recommendations?k=5`)).json()) as { items: { item: string }[] };
    await again.stop();
    expect(r.items.map((x) => x.item)).toEqual(['10', '20', '30', '40', '50']);
  });
});
