/** A route as registered: method, fastify URL and its schema. */
export interface RouteDoc {
  method: string;
  url: string;
  schema: Record<string, unknown> & { summary?: string; params?: any; querystring?: any; body?: any; response?: Record<string, unknown> };
  auth: boolean;
}

/**
 * The OpenAPI 3.1 document of the routes, from the schemas fastify validates with: path and query
 * parameters from `params`/`querystring`, the request body from `body`, responses from `response`.
 */
export function openApiDocument(routes: readonly RouteDoc[], version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const path = r.url.replace(/:([A-Za-z_]+)/g, '{$1}');
    const params: unknown[] = [];
    for (const [where, schema] of [['path', r.schema.params], ['query', r.schema.querystring]] as const) {
      for (const [name, s] of Object.entries((schema?.properties ?? {}) as Record<string, unknown>)) {
        params.push({ name, in: where, required: where === 'path' || (schema?.required ?? []).includes(name), schema: s });
      }
    }
    const responses: Record<string, unknown> = {};
    for (const [code, s] of Object.entries(r.schema.response ?? {})) {
      responses[code.toUpperCase()] = { description: code === '200' ? 'OK' : 'error', content: { 'application/json': { schema: s } } };
    }
    const op: Record<string, unknown> = { summary: r.schema.summary, parameters: params.length ? params : undefined, responses };
    if (r.schema.body) op.requestBody = { required: true, content: { 'application/json': { schema: r.schema.body } } };
    if (r.auth) op.security = [{ bearer: [] }];
    (paths[path] ??= {})[r.method.toLowerCase()] = op;
  }
  return {
    openapi: '3.1.0',
    info: { title: 'alsrec serve', version },
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    paths,
  };
}
