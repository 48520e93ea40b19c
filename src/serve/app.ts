import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import type { Tokens } from './auth.js';
import { renderDashboard } from './dashboard.js';
import { openApiDocument, type RouteDoc } from './openapi.js';
import type { Recommender } from './recommender.js';
import * as S from './schemas.js';
import { ServeError } from './serve-error.js';
import { wireId, type EventInput } from './wire.js';

/** Options of the HTTP layer (the CLI flags map onto these). */
export interface AppOptions {
  /** Tokens for event and admin routes; without them those routes are open (the CLI warns). */
  tokens?: Tokens | null;
  /** Also require a token on read routes (recommendations, similar, events list). Default false. */
  protectReads?: boolean;
  /** Largest request body in bytes. Default 1 MiB. */
  bodyLimit?: number;
  /** Requests per minute per token (or per IP without one); 0 turns the limit off. Default 6000. */
  rateLimit?: number;
  /** Version string shown in /openapi.json. */
  version?: string;
}

type Req = FastifyRequest<{ Params: { id: string }; Querystring: Record<string, any>; Body: any }>;

/**
 * The HTTP layer over a `Recommender`: routing, validation (JSON schemas), auth, limits, errors.
 * No serving logic lives here.
 */
export async function buildApp(rec: Recommender, opts: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: false,
    bodyLimit: opts.bodyLimit ?? 1024 * 1024,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true } },
    return503OnClosing: false,
  });
  const routes: RouteDoc[] = [];
  const tokens = opts.tokens ?? null;
  const guard = (req: FastifyRequest) => tokens?.check(req.headers.authorization);

  app.setErrorHandler((err: any, _req, reply) => {
    let e: ServeError;
    if (err instanceof ServeError) e = err;
    else if (err.validation) e = new ServeError('bad_request', `${err.validationContext ?? 'request'}: ${err.message}`);
    else if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') e = new ServeError('payload_too_large', `request body over the limit of ${opts.bodyLimit ?? 1024 * 1024} bytes; send smaller batches`);
    else if (err.statusCode === 429) e = new ServeError('rate_limited', `rate limit of ${opts.rateLimit ?? 6000} requests per minute reached; retry later`);
    else if (typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500) e = new ServeError('bad_request', String(err.message));
    else {
      process.stderr.write(`alsrec serve: internal error: ${err?.stack ?? err}\n`);
      e = new ServeError('internal', 'internal error (logged by the server)');
    }
    void reply.status(e.status).send({ error: { code: e.code, message: e.message } });
  });
  app.setNotFoundHandler((req, reply) => {
    void reply.status(404).send({ error: { code: 'not_found', message: `no route ${req.method} ${req.url.split('?')[0]}; see /openapi.json` } });
  });

  const limit = opts.rateLimit ?? 6000;
  if (limit > 0) {
    await app.register(rateLimit, {
      max: limit,
      timeWindow: 60_000,
      keyGenerator: (req) => req.headers.authorization ?? req.ip,
      errorResponseBuilder: (_req, ctx) => Object.assign(new ServeError('rate_limited', `rate limit of ${ctx.max} requests per minute reached; retry in ${ctx.after}`), { statusCode: 429 }),
    });
  }

  const sources = new WeakMap<FastifyRequest, string>();
  app.addHook('onResponse', (req, reply, done) => {
    const route = req.routeOptions.url ?? 'unmatched';
    const source = sources.get(req) ?? 'none';
    rec.metrics.httpRequests.inc({ route, status: String(reply.statusCode) });
    rec.metrics.httpDuration.observe({ route, source }, reply.elapsedTime / 1000);
    if (route.startsWith('/v1/')) rec.stats.latency(route, reply.elapsedTime);
    done();
  });

  function route(method: 'GET' | 'POST' | 'PUT', url: string, schema: RouteDoc['schema'], auth: boolean, handler: (req: Req, reply: FastifyReply) => Promise<unknown>) {
    routes.push({ method, url, schema, auth });
    app.route({ method, url, schema: schema as any, preHandler: auth ? async (req) => guard(req) : undefined, handler: handler as any });
  }
  const reads = opts.protectReads ?? false;

  route('GET', '/v1/users/:id/recommendations', S.recommendRoute, reads, async (req) => {
    const q = req.query;
    const res = await rec.recommend(req.params.id, { k: q.k, exclude: q.exclude, filter: splitList(q.filter) });
    sources.set(req, res.source);
    return res;
  });
  route('GET', '/v1/users/:id/recommendations/:item/explain', S.explainRoute, reads, async (req) => {
    const p = req.params as { id: string; item: string };
    return rec.explain(p.id, p.item);
  });
  route('GET', '/v1/items/:id/similar', S.similarRoute, reads, async (req) => {
    const res = await rec.similarItems(req.params.id, { k: req.query.k, filter: splitList(req.query.filter) });
    sources.set(req, res.source);
    return res;
  });
  route('POST', '/v1/recommendations', S.batchRecommendRoute, reads, async (req) => {
    const b = req.body as any;
    const users = (b.users as unknown[]).map((u, j) => wireId(u, `users[${j}]`));
    const filter = (b.filter ?? []).map((u: unknown, j: number) => wireId(u, `filter[${j}]`));
    return { results: await rec.recommendMany(users, { k: b.k, exclude: b.exclude, filter }) };
  });
  route('POST', '/v1/events', S.postEventsRoute, true, async (req) => {
    const b = req.body as any;
    const list: unknown[] = Array.isArray(b.events) ? b.events : [b];
    return rec.ingest(list.map((e, j) => toEvent(e as Record<string, unknown>, Array.isArray(b.events) ? `events[${j}]` : 'event')));
  });
  route('GET', '/v1/users/:id/events', S.userEventsRoute, reads, async (req) => {
    const page = await rec.userEvents(req.params.id, { after: req.query.after, limit: req.query.limit });
    return { user: req.params.id, ...page };
  });
  route('PUT', '/v1/items/:id', S.putItemRoute, true, async (req) => rec.putItem(req.params.id, (req.body as { features: Record<string, number> }).features));
  route('POST', '/v1/admin/models', S.swapRoute, true, async (req) => rec.swap((req.body as { path: string }).path));
  route('POST', '/v1/admin/retrain', S.retrainRoute, true, async () => rec.retrain());
  route('POST', '/v1/admin/rollback', S.rollbackRoute, true, async () => rec.rollback());
  route('GET', '/v1/admin/models', S.modelHistoryRoute, true, async () => ({ current: rec.model.version, history: rec.history }));
  route('GET', '/healthz', S.healthRoute, false, async () => ({ ok: true }));
  route('GET', '/readyz', S.readyRoute, false, async (_req, reply) => {
    const r = rec.readiness();
    return reply.status(r.ready ? 200 : 503).send(r);
  });

  const doc = () => openApiDocument(routes, opts.version ?? '0');
  app.get('/openapi.json', async () => doc());
  app.get('/metrics', async (_req, reply) => reply.type('text/plain; version=0.0.4').send(await rec.metrics.text()));
  app.get('/', async (_req, reply) => reply.type('text/html; charset=utf-8').send(await renderDashboard(rec)));
  return app;
}

function splitList(s: string | undefined): string[] {
  return s ? s.split(',').map((x) => x.trim()).filter((x) => x !== '') : [];
}

function toEvent(e: Record<string, unknown>, where: string): EventInput {
  const out: EventInput = { user: wireId(e.user, `${where}.user`), item: wireId(e.item, `${where}.item`), type: e.type as string };
  if (e.value !== undefined) out.value = e.value as number;
  if (e.timestamp !== undefined) out.timestamp = e.timestamp as number;
  if (e.requestId !== undefined) out.requestId = e.requestId as string;
  if (e.position !== undefined) out.position = e.position as number;
  if (e.id !== undefined) out.id = e.id as string;
  return out;
}
