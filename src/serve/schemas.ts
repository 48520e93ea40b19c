/**
 * JSON schemas of the HTTP API: fastify validates requests with them and /openapi.json is built
 * from the same objects, so the document cannot drift from what the routes accept.
 */
const id = { anyOf: [{ type: 'string', minLength: 1, maxLength: 256 }, { type: 'number' }], description: 'an id; numbers are turned into their decimal text' } as const;

export const errorSchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: { code: { type: 'string', description: 'stable machine-readable code' }, message: { type: 'string' } },
    },
  },
} as const;

const scoredItem = { type: 'object', required: ['item', 'score'], properties: { item: { type: 'string' }, score: { type: 'number' } } } as const;

export const recommendationSchema = {
  type: 'object',
  required: ['user', 'source', 'requestId', 'modelVersion', 'items'],
  properties: {
    user: { type: 'string' },
    source: { type: 'string', enum: ['cf-cached', 'cf-computed', 'cf-live', 'hybrid', 'fallback-popularity'] },
    requestId: { type: 'string', description: 'echo it in impression/click events; it carries the source' },
    modelVersion: { type: 'string' },
    items: { type: 'array', items: scoredItem },
  },
} as const;

const recommendQuery = {
  k: { type: 'integer', minimum: 1, maximum: 1000, default: 10 },
  exclude: { type: 'string', enum: ['seen', 'none'], default: 'seen', description: "'seen' leaves out training and event items" },
  filter: { type: 'string', description: 'comma-separated item ids never to return' },
} as const;

export const userParams = { type: 'object', required: ['id'], properties: { id: { type: 'string', minLength: 1, maxLength: 256 } } } as const;

export const recommendRoute = {
  summary: "A user's top-k items",
  params: userParams,
  querystring: { type: 'object', properties: recommendQuery, additionalProperties: false },
  response: { 200: recommendationSchema, '4xx': errorSchema },
} as const;

export const batchRecommendRoute = {
  summary: 'Top-k items for many users in one call',
  body: {
    type: 'object',
    required: ['users'],
    properties: { users: { type: 'array', items: id, minItems: 1, maxItems: 1000 }, ...recommendQuery, filter: { type: 'array', items: id, maxItems: 1000 } },
  },
  response: {
    200: {
      type: 'object',
      required: ['results'],
      properties: {
        results: {
          type: 'array',
          items: {
            type: 'object',
            properties: { ...recommendationSchema.properties, error: errorSchema.properties.error },
          },
        },
      },
    },
    '4xx': errorSchema,
  },
} as const;

export const eventSchema = {
  type: 'object',
  required: ['user', 'item', 'type'],
  properties: {
    user: id,
    item: id,
    type: { type: 'string', pattern: '^[a-z][a-z0-9_]{0,63}$', description: 'impression, click, conversion, completion (alias: complete, stored as completion), like, scroll_past, or a custom type' },
    value: { type: 'number', description: 'completion fraction, rating, amount…; default 1' },
    timestamp: { type: 'number', description: 'ms since the epoch; default: when received' },
    requestId: { type: 'string', maxLength: 128 },
    position: { type: 'integer', minimum: 0 },
    id: { type: 'string', minLength: 1, maxLength: 128, description: 'idempotency key: the same id is stored once' },
  },
} as const;

export const MAX_EVENTS_PER_BATCH = 10_000;

export const postEventsRoute = {
  summary: 'Store feedback events (one, or a batch); durable before the 2xx',
  body: {
    anyOf: [eventSchema, { type: 'object', required: ['events'], properties: { events: { type: 'array', items: eventSchema, minItems: 1, maxItems: MAX_EVENTS_PER_BATCH } } }],
  },
  response: {
    200: { type: 'object', required: ['stored', 'duplicates'], properties: { stored: { type: 'integer' }, duplicates: { type: 'integer' } } },
    '4xx': errorSchema,
  },
} as const;

export const userEventsRoute = {
  summary: "A user's stored events, oldest first, paged by the `after` cursor",
  params: userParams,
  querystring: {
    type: 'object',
    properties: { after: { type: 'integer', minimum: 0, default: 0 }, limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 } },
    additionalProperties: false,
  },
  response: {
    200: {
      type: 'object',
      required: ['user', 'events', 'next'],
      properties: {
        user: { type: 'string' },
        events: { type: 'array', items: { type: 'object', properties: { ...eventSchema.properties, user: { type: 'string' }, item: { type: 'string' }, seq: { type: 'integer' } } } },
        next: { type: ['integer', 'null'], description: 'pass as `after` for the next page; null on the last page' },
      },
    },
    '4xx': errorSchema,
  },
} as const;

const swapResult = {
  type: 'object',
  required: ['modelVersion', 'previous'],
  properties: { modelVersion: { type: 'string' }, previous: { type: 'string' }, cacheSeconds: { type: 'number' } },
} as const;

export const swapRoute = {
  summary: 'Load a model directory from the model root, build its cache, swap it in',
  body: { type: 'object', required: ['path'], properties: { path: { type: 'string', minLength: 1, maxLength: 1024, description: 'directory relative to the model root' } }, additionalProperties: false },
  response: { 200: swapResult, '4xx': errorSchema },
} as const;

export const rollbackRoute = { summary: 'Swap back to the model the last swap replaced', response: { 200: swapResult, '4xx': errorSchema } } as const;

export const modelHistoryRoute = {
  summary: 'Models served since start',
  response: {
    200: {
      type: 'object',
      properties: {
        current: { type: 'string' },
        history: { type: 'array', items: { type: 'object', properties: { version: { type: 'string' }, dir: { type: 'string' }, at: { type: 'number' }, kind: { type: 'string' } } } },
      },
    },
  },
} as const;

export const readyRoute = {
  summary: 'Ready when the precomputed cache of the served model is complete (503 before)',
  response: {
    200: { type: 'object', properties: { ready: { type: 'boolean' }, modelVersion: { type: 'string' }, cachedUsers: { type: 'integer' }, users: { type: 'integer' }, cacheSeconds: { type: ['number', 'null'] }, liveIndex: { type: 'string' }, cacheError: { type: 'string' } } },
    503: { type: 'object', properties: { ready: { type: 'boolean' }, modelVersion: { type: 'string' }, cachedUsers: { type: 'integer' }, users: { type: 'integer' }, cacheSeconds: { type: ['number', 'null'] }, liveIndex: { type: 'string' }, cacheError: { type: 'string' } } },
  },
} as const;

export const healthRoute = { summary: 'Liveness', response: { 200: { type: 'object', properties: { ok: { type: 'boolean' } } } } } as const;

export const explainRoute = {
  summary: "Why an item scores for a user: the score split over the user's history (training rows + events)",
  params: { type: 'object', required: ['id', 'item'], properties: { id: { type: 'string', minLength: 1, maxLength: 256 }, item: { type: 'string', minLength: 1, maxLength: 256 } } },
  response: {
    200: {
      type: 'object',
      required: ['user', 'item', 'score', 'contributions'],
      properties: {
        user: { type: 'string' },
        item: { type: 'string' },
        modelVersion: { type: 'string' },
        score: { type: 'number' },
        contributions: { type: 'array', items: { type: 'object', properties: { item: { type: 'string' }, rating: { type: 'number' }, contribution: { type: 'number' } } } },
      },
    },
    '4xx': errorSchema,
  },
} as const;

export const similarRoute = {
  summary: 'The items most similar to an item (cosine of item factors)',
  params: { type: 'object', required: ['id'], properties: { id: { type: 'string', minLength: 1, maxLength: 256 } } },
  querystring: {
    type: 'object',
    properties: { k: recommendQuery.k, filter: recommendQuery.filter },
    additionalProperties: false,
  },
  response: {
    200: {
      type: 'object',
      required: ['item', 'source', 'modelVersion', 'items'],
      properties: { item: { type: 'string' }, source: { type: 'string' }, modelVersion: { type: 'string' }, items: { type: 'array', items: scoredItem } },
    },
    '4xx': errorSchema,
  },
} as const;

export const putItemRoute = {
  summary: 'Add a new item with features; its factor is regressed from the known items’ features',
  params: { type: 'object', required: ['id'], properties: { id: { type: 'string', minLength: 1, maxLength: 256 } } },
  body: {
    type: 'object',
    required: ['features'],
    properties: { features: { type: 'object', additionalProperties: { type: 'number' }, description: 'encoded feature name → value, e.g. {"genre=Comedy": 1}' } },
  },
  response: {
    200: { type: 'object', properties: { item: { type: 'string' }, modelVersion: { type: 'string' }, features: { type: 'integer' } } },
    '4xx': errorSchema,
  },
} as const;

export const retrainRoute = {
  summary: 'Warm-started retrain on the training data + stored events (worker thread), saved in the model root, then swapped in',
  response: {
    200: {
      type: 'object',
      properties: {
        modelVersion: { type: 'string' },
        previous: { type: 'string' },
        cacheSeconds: { type: 'number' },
        retrain: { type: 'object', properties: { outDir: { type: 'string' }, baseRows: { type: 'integer' }, events: { type: 'integer' }, rows: { type: 'integer' }, seconds: { type: 'number' } } },
      },
    },
    '4xx': errorSchema,
  },
} as const;
