import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ALSModel } from '../../src/als/als-model.js';
import { resolveALSOptions } from '../../src/als/options.js';
import { IdMap } from '../../src/data/id-map.js';
import { saveALSModel } from '../../src/io/als-model-dir.js';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/serve/app.js';
import { Tokens } from '../../src/serve/auth.js';
import { Recommender } from '../../src/serve/recommender.js';
import { SqliteStore } from '../../src/serve/sqlite-store.js';
import { modelRoot } from './fixtures.js';

const TOKEN = 'test-token-0123456789abcdef';

/** The HTTP API over real sockets on 127.0.0.1 (scores of the hand model: see fixtures.ts). */
describe('the HTTP API', () => {
  let fx: Awaited<ReturnType<typeof modelRoot>>;
  let rec: Recommender;
  let app: FastifyInstance;
  let base: string;
  beforeAll(async () => {
    fx = await modelRoot();
    rec = await Recommender.open(fx.m1, { modelRoot: fx.root, store: new SqliteStore(join(fx.root, 'events.db')), cacheK: 4 });
    await rec.whenReady();
    app = await buildApp(rec, { tokens: new Tokens([TOKEN]), bodyLimit: 4096, rateLimit: 1000 });
    await app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  });
  afterAll(async () => {
    await app?.close();
    await rec?.close();
    await fx.cleanup();
  });

  const auth = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };
  const get = async (path: string, headers: Record<string, string> = {}) => {
    const r = await fetch(base + path, { headers });
    return { status: r.status, body: (await r.json()) as any };
  };
  const post = async (path: string, body: unknown, headers: Record<string, string> = auth) => {
    const r = await fetch(base + path, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });
    return { status: r.status, body: (await r.json()) as any };
  };

  it('serves a recommendation in the wire format', async () => {
    const { status, body } = await get('/v1/users/1/recommendations?k=2');
    expect(status).toBe(200);
    expect(Object.keys(body).sort()).toEqual(['items', 'modelVersion', 'requestId', 'source', 'user']);
    expect(body).toMatchObject({ user: '1', source: 'cf-cached', items: [{ item: '10', score: 5 }, { item: '20', score: 4 }] });
  });

  it('takes events with numeric ids, stores them once per id, and a click changes the next list', async () => {
    const first = await get('/v1/users/2/recommendations?k=2');
    expect(first.body.items.map((x: { item: string }) => x.item)).toEqual(['50', '40']);
    const one = await post('/v1/events', { user: 2, item: 50, type: 'click', id: 'ev-1' });
    expect(one).toEqual({ status: 200, body: { stored: 1, duplicates: 0 } });
    const again = await post('/v1/events', { events: [{ user: '2', item: '50', type: 'click', id: 'ev-1' }, { user: '2', item: '40', type: 'impression', position: 1 }] });
    expect(again.body).toEqual({ stored: 1, duplicates: 1 });
    const next = await get('/v1/users/2/recommendations?k=2');
    expect(next.body.items.map((x: { item: string }) => x.item)).toEqual(['40', '30']);
    const events = await get('/v1/users/2/events?limit=1');
    expect(events.body.events[0]).toMatchObject({ user: '2', item: '50', type: 'click', id: 'ev-1' });
    const page2 = await get(`/v1/users/2/events?after=${events.body.next}`);
    expect(page2.body).toMatchObject({ next: null, events: [{ item: '40', type: 'impression', position: 1 }] });
  });

  it('serves similar items', async () => {
    const { status, body } = await get('/v1/items/50/similar?k=1');
    expect([status, body.source, body.items[0].item]).toEqual([200, 'similar-items', '40']);
    expect((await get('/v1/items/nope/similar')).body.error.code).toBe('unknown_item');
  });

  it('answers many users in one batch call', async () => {
    const { body } = await post('/v1/recommendations', { users: [1, '2', 'ghost'], k: 1, exclude: 'none' });
    expect(body.results.map((r: { source: string; items: { item: string }[] }) => `${r.source}:${r.items[0]!.item}`)).toEqual(['cf-computed:10', 'cf-computed:50', 'fallback-popularity:10']);
  });

  it('answers every error as JSON with a stable code and no stack trace', async () => {
    const cases: [Promise<{ status: number; body: any }>, number, string][] = [
      [get('/v1/users/1/recommendations?k=0'), 400, 'bad_request'],
      [get('/v1/users/1/recommendations?k=2&bogus=1'), 400, 'bad_request'],
      [get('/nowhere'), 404, 'not_found'],
      [post('/v1/events', { user: '1', item: '10' }), 400, 'bad_request'],
      [post('/v1/events', { user: '1', item: '10', type: 'Bad Type' }), 400, 'bad_request'],
      [post('/v1/events', '{not json'), 400, 'bad_request'],
      [post('/v1/events', { user: '1', item: '10', type: 'click' }, { 'content-type': 'application/json' }), 401, 'unauthorized'],
      [post('/v1/events', { user: '1', item: '10', type: 'click' }, { ...auth, authorization: 'Bearer wrong-token-000000' }), 401, 'unauthorized'],
      [post('/v1/events', { events: Array.from({ length: 200 }, () => ({ user: '1', item: '10', type: 'click' })) }), 413, 'payload_too_large'],
      [post('/v1/admin/models', { path: '../../etc' }), 403, 'forbidden'],
      [post('/v1/admin/models', { path: 'missing' }), 404, 'not_found'],
    ];
    for (const [p, status, code] of cases) {
      const r = await p;
      expect([r.status, r.body.error?.code], JSON.stringify(r.body)).toEqual([status, code]);
      expect(typeof r.body.error.message).toBe('string');
      expect(JSON.stringify(r.body)).not.toMatch(/\bat .*\.(ts|js):\d+/);
    }
  });

  it('swaps models over HTTP (token required) and rolls back', async () => {
    const before = (await get('/v1/users/1/recommendations?k=1&exclude=none')).body;
    const swap = await post('/v1/admin/models', { path: 'm2' });
    expect(swap.status).toBe(200);
    expect(swap.body.previous).toBe(before.modelVersion);
    const after = (await get('/v1/users/1/recommendations?k=1&exclude=none')).body;
    expect([after.modelVersion, after.items[0].item]).toEqual([swap.body.modelVersion, '50']);
    const back = await post('/v1/admin/rollback', {});
    expect(back.body.modelVersion).toBe(before.modelVersion);
    expect((await get('/v1/admin/models', { authorization: `Bearer ${TOKEN}` })).body.history.length).toBe(3);
  });

  it('reports readiness, CTR by source and coverage in /metrics', async () => {
    expect(await get('/readyz')).toMatchObject({ status: 200, body: { ready: true, cachedUsers: 2, liveIndex: 'exact' } });
    const r = (await get('/v1/users/1/recommendations?k=2')).body;
    await post('/v1/events', { events: [
      { user: '1', item: r.items[0].item, type: 'impression', requestId: r.requestId, position: 0 },
      { user: '1', item: r.items[1].item, type: 'impression', requestId: r.requestId, position: 1 },
      { user: '1', item: r.items[0].item, type: 'click', requestId: r.requestId },
    ] });
    const text = await (await fetch(`${base}/metrics`)).text();
    expect(text).toMatch(/alsrec_ctr\{source="cf-cached",window="5m"\} 0\.5\n/);
    expect(text).toMatch(/alsrec_served_coverage \d/);
    expect(text).toMatch(/alsrec_http_request_duration_seconds_bucket\{le="[^"]+",route="\/v1\/users\/:id\/recommendations",source="cf-cached"\}/);
    expect(text).toMatch(/alsrec_events_ingested_total\{type="click"\} \d/);
  });

  it('publishes an OpenAPI document covering every /v1 route, built from the validating schemas', async () => {
    const { body } = await get('/openapi.json');
    expect(body.openapi).toBe('3.1.0');
    expect(Object.keys(body.paths).sort()).toEqual([
      '/healthz', '/readyz', '/v1/admin/models', '/v1/admin/retrain', '/v1/admin/rollback', '/v1/events', '/v1/items/{id}', '/v1/items/{id}/similar', '/v1/recommendations',
      '/v1/users/{id}/events', '/v1/users/{id}/recommendations', '/v1/users/{id}/recommendations/{item}/explain',
    ]);
    const op = body.paths['/v1/users/{id}/recommendations'].get;
    expect(op.parameters.find((p: { name: string }) => p.name === 'k').schema).toMatchObject({ type: 'integer', minimum: 1 });
    expect(body.paths['/v1/events'].post.security).toEqual([{ bearer: [] }]);
    expect(body.paths['/v1/events'].post.requestBody.content['application/json'].schema.anyOf).toHaveLength(2);
  });
});

describe('the HTTP API limits', () => {
  it('answers 429 with a JSON error once a client exceeds the rate limit', async () => {
    const fx = await modelRoot();
    const rec = await Recommender.open(fx.m1, { modelRoot: fx.root, store: new SqliteStore(':memory:'), cacheK: 0 });
    const app = await buildApp(rec, { rateLimit: 3 });
    try {
      const codes: number[] = [];
      for (let j = 0; j < 5; j++) codes.push((await app.inject({ url: '/healthz' })).statusCode);
      expect(codes).toEqual([200, 200, 200, 429, 429]);
      expect((await app.inject({ url: '/healthz' })).json()).toMatchObject({ error: { code: 'rate_limited' } });
    } finally {
      await app.close();
      await rec.close();
      await fx.cleanup();
    }
  });
});

describe('the HTTP API on a biased model', () => {
  // A hand-set biased model (rows user [x_u, μ + b_u, 1], item [y_i, 1, b_i]; taste rank 2, μ = 3):
  //   items 10: y = [1, 0], b = 2;  20: y = [0, 1], b = 2;  30: y = [−1, 0], b = 0.5
  //   user 1: x = [1, 0], b = 0 → scores 10: 1 + 3 + 2 = 6, 20: 3 + 2 = 5, 30: −1 + 3 + 0.5 = 2.5
  let root: string;
  let rec: Recommender;
  let app: FastifyInstance;
  let base: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'alsrec-serve-biased-'));
    const model = new ALSModel({
      rank: 4,
      userIds: IdMap.from([1]),
      itemIds: IdMap.from([10, 20, 30]),
      userFactors: Float32Array.of(1, 0, 3, 1),
      itemFactors: Float32Array.of(1, 0, 1, 2, 0, 1, 1, 2, -1, 0, 1, 0.5),
      options: resolveALSOptions({ rank: 2, biases: true }),
      globalMean: 3,
    });
    await saveALSModel(model, join(root, 'biased'));
    rec = await Recommender.open(join(root, 'biased'), { modelRoot: root, store: new SqliteStore(join(root, 'events.db')), cacheK: 3 });
    await rec.whenReady();
    app = await buildApp(rec, { rateLimit: 0 });
    await app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  });
  afterAll(async () => {
    await app?.close();
    await rec?.close();
    await rm(root, { recursive: true, force: true });
  });
  const get = async (path: string) => {
    const r = await fetch(base + path);
    return { status: r.status, body: (await r.json()) as any };
  };

  it('serves the cached biased predictions μ + b_u + b_i + x·y, and diversity from the taste columns only', async () => {
    const { body } = await get('/v1/users/1/recommendations?k=2');
    expect(body).toMatchObject({ source: 'cf-cached', items: [{ item: '10', score: 6 }, { item: '20', score: 5 }] });
    // taste vectors [1, 0] and [0, 1] are orthogonal: diversity 1 (with the bias columns, cos = 5/6 and it would be 1/6)
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/^alsrec_served_diversity 1$/m);
  });

  it('folds a new user in live through the biased fold-in: a click on 10 ranks 30 (3.5) above 20 (3 − 4/2.1 + 2)', async () => {
    // target r − μ − b_10 = 1 − 3 − 2 = −4 on ỹ = [1, 0, 1]: z = −4·ỹ / (‖ỹ‖² + λ·1) = −(4/2.1)·[1, 0, 1],
    // so x = [−4/2.1, 0], b_u = −4/2.1; 30: 4/2.1 + 3 − 4/2.1 + 0.5 = 3.5; 20: 0 + 3 − 4/2.1 + 2 ≈ 3.0952
    await rec.ingest([{ user: 'newcomer', item: '10', type: 'click' }]);
    const { body } = await get('/v1/users/newcomer/recommendations?k=2');
    expect(body.source).toBe('cf-live');
    expect(body.items.map((x: { item: string }) => x.item)).toEqual(['30', '20']);
    expect(body.items[0].score).toBeCloseTo(3.5, 5);
    expect(body.items[1].score).toBeCloseTo(5 - 4 / 2.1, 5);
  });

  it('answers similar items on a biased model with 409 and the fix, not a 500', async () => {
    const { status, body } = await get('/v1/items/10/similar?k=2');
    expect(status).toBe(409);
    expect(body.error.code).toBe('conflict');
    expect(body.error.message).toMatch(/biased.*without --biases/);
  });
});
