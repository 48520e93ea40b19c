import { Command } from 'commander';
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { readItemFeatures } from '../../io/read-item-features.js';
import { buildApp } from '../../serve/app.js';
import { Tokens } from '../../serve/auth.js';
import { openStore } from '../../serve/open-store.js';
import { Recommender } from '../../serve/recommender.js';
import { UsageError, type CliIO } from '../cli-io.js';
import { addDataFlags, readWithFlags, type DataFlags } from '../data-flags.js';
import { intFlag } from '../parse-flags.js';
import { parseDuration } from '../../events/timestamp.js';
import { VERSION } from '../program.js';

interface ServeFlags extends DataFlags {
  port: number;
  host: string;
  store: string;
  modelRoot?: string;
  trainData?: string;
  itemFeatures?: string;
  weights?: string;
  tokenFile?: string;
  protectReads: boolean;
  cacheK: number;
  bodyLimit: number;
  rateLimit: number;
  retrainEvery?: string;
  retrainIterations: number;
  json: boolean;
}

export function serveCommand(io: CliIO): Command {
  const cmd = new Command('serve')
    .description('HTTP service: cached recommendations, feedback events (durable), model hot swap, Prometheus metrics, dashboard')
    .argument('<model-dir>', 'model directory to serve (alsrec or Spark ALSModel)')
    .option('--port <n>', 'TCP port (0: any free port, printed at start)', intFlag(0, 65535), 8080)
    .option('--host <addr>', 'address to bind; 0.0.0.0 exposes the service to the network', '127.0.0.1')
    .option('--store <spec>', 'event store: sqlite:FILE (embedded) or postgres://user@host:port/db (shared by several instances)', 'sqlite:./alsrec-events.db')
    .option('--model-root <dir>', 'directory every model loaded by POST /v1/admin/models must lie in (default: the parent of <model-dir>)')
    .option('--train-data <file>', 'training interactions: their pairs are never recommended again')
    .option('--item-features <file>', 'item features (CSV/TSV with an item column, or a MovieLens u.item): new users get hybrid lists (fold-in + content)')
    .option('--weights <file>', 'JSON event type → weight, as for alsrec events (default: click 1, like 4, completion 3×value — alias complete —, conversion 4, scroll_past -0.5, impression 0)')
    .option('--token-file <file>', 'bearer tokens (one per line, ≥ 16 chars) for event and admin routes')
    .option('--protect-reads', 'require a token on read routes too', false)
    .option('--cache-k <n>', 'length of each precomputed list (0: no cache)', intFlag(0, 10_000), 50)
    .option('--body-limit <bytes>', 'largest request body', intFlag(1024), 1024 * 1024)
    .option('--rate-limit <n>', 'requests per minute per token or IP (0: off)', intFlag(0), 6000)
    .option('--retrain-every <duration>', 'warm-started retrain on --train-data + stored events every 30m, 6h, 1d… (worker thread; saved in the model root, then swapped in)')
    .option('--retrain-iterations <n>', 'iterations of each warm-started retrain', intFlag(1, 1000), 5)
    .option('--json', 'print the start-up line as JSON on stdout', false);
  addDataFlags(cmd).addHelpText(
    'after',
    `
Examples:
  alsrec serve model --train-data ml-100k/u.data --token-file tokens.txt
  alsrec serve models/current --model-root models --store postgres://alsrec@db/alsrec --port 8081
  curl -s localhost:8080/v1/users/196/recommendations?k=5
  curl -s -X POST localhost:8080/v1/events -H "Authorization: Bearer $TOKEN" \\
       -H 'content-type: application/json' -d '{"user":"196","item":"242","type":"click"}'

Routes: GET /v1/users/{id}/recommendations, GET /v1/users/{id}/recommendations/{item}/explain,
POST /v1/recommendations (batch), GET /v1/items/{id}/similar, PUT /v1/items/{id} (new item with
features), POST /v1/events, GET /v1/users/{id}/events, POST /v1/admin/models, POST /v1/admin/rollback, POST /v1/admin/retrain,
/readyz, /metrics, /openapi.json, / (dashboard). Stop with Ctrl-C (SIGINT) or SIGTERM.`,
  );
  return cmd.action(async (modelDir: string, f: ServeFlags) => {
    const retrainSeconds = f.retrainEvery === undefined ? null : parseDuration(f.retrainEvery);
    if (retrainSeconds !== null && !(retrainSeconds > 0)) throw new UsageError(`serve: --retrain-every must be a duration like 30m, 6h or 1d, got '${f.retrainEvery}'`);
    if (retrainSeconds !== null && !f.trainData) throw new UsageError('serve: --retrain-every needs --train-data (the base rows every retrain starts from)');
    const tokens = f.tokenFile ? await Tokens.fromFile(f.tokenFile) : null;
    if (!tokens) io.stderr('alsrec serve: warning: no --token-file, event and admin routes are open to anyone who can reach the port\n');
    const train = f.trainData ? await readWithFlags(f.trainData, f) : null;
    const itemFeatures = f.itemFeatures ? await readItemFeatures(f.itemFeatures) : null;
    const weights = f.weights ? await readWeights(f.weights) : undefined;
    const store = await openStore(f.store);
    const rec = await Recommender.open(modelDir, { modelRoot: f.modelRoot ?? dirname(resolve(modelDir)), store, train, cacheK: f.cacheK, itemFeatures, weights, storeSpec: f.store, retrainIterations: f.retrainIterations }).catch(async (e) => {
      await store.close();
      throw e;
    });
    const app = await buildApp(rec, { tokens, protectReads: f.protectReads, bodyLimit: f.bodyLimit, rateLimit: f.rateLimit, version: VERSION });
    await app.listen({ port: f.port, host: f.host });
    const addr = app.server.address();
    const port = typeof addr === 'object' && addr ? addr.port : f.port;
    const info = { url: `http://${f.host.includes(':') ? `[${f.host}]` : f.host}:${port}`, port, modelVersion: rec.model.version, store: store.kind };
    if (f.json) io.stdout(JSON.stringify(info) + '\n');
    io.stderr(`alsrec serve: listening on ${info.url} (model ${info.modelVersion}, store ${store.kind}); cache building\n`);
    if (retrainSeconds !== null) {
      rec.retrainEvery(
        retrainSeconds,
        (e) => io.stderr(`alsrec serve: retrain failed: ${e.message}\n`),
        (r) => io.stderr(`alsrec serve: retrained, now serving ${r.modelVersion}\n`),
      );
    }
    void rec.whenReady().then(
      () => io.stderr(`alsrec serve: cache complete (${rec.readiness().cachedUsers} users, ${rec.readiness().cacheSeconds?.toFixed(2)} s)\n`),
      (e: Error) => io.stderr(`alsrec serve: cache build failed (${e.message}); serving computed lists, /readyz 503 until a model is swapped in\n`),
    );
    await new Promise<void>((done) => {
      const stop = async () => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        io.stderr('alsrec serve: stopping\n');
        await app.close();
        await rec.close();
        done();
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
  });
}

async function readWeights(path: string): Promise<Record<string, never>> {
  const text = await readFile(path, 'utf8').catch(() => {
    throw new UsageError(`serve: cannot read --weights ${path}; pass a JSON file of event type → weight`);
  });
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new UsageError(`serve: --weights ${path} is not JSON: ${(e as Error).message}`);
  }
}
