import { readFile } from 'node:fs/promises';
import { Command } from 'commander';
import { size } from '../../data/interactions.js';
import { DEFAULT_EVENT_WEIGHTS, resolveEventWeights } from '../../events/event-weights.js';
import { bm25Weight, tfidfWeight } from '../../events/reweight.js';
import { parseDuration, parseTimestamp } from '../../events/timestamp.js';
import { readEventLog } from '../../io/read-event-log.js';
import { writeInteractions } from '../../io/write-interactions.js';
import { writeInteractionsParquet } from '../../io/write-interactions-parquet.js';
import { UsageError, type CliIO } from '../cli-io.js';
import { withOutputs } from '../../io/output-transaction.js';
import { checkOutputs } from '../output-paths.js';
import { choiceFlag } from '../parse-flags.js';

interface EventsFlags {
  weights?: string;
  out: string;
  halfLife?: string;
  now?: string;
  reweight: 'none' | 'bm25' | 'tfidf';
  format?: 'csv' | 'tsv' | 'jsonl';
  userCol: string;
  itemCol: string;
  eventCol: string;
  valueCol?: string;
  timestampCol?: string;
  ids: 'auto' | 'string';
  overwrite: boolean;
  json: boolean;
}

export function eventsCommand(io: CliIO): Command {
  return new Command('events')
    .description('Turn an event log (user, item, event, value?, timestamp?) into one implicit confidence per (user, item)')
    .argument('<log>', 'event log: CSV/TSV with a header, or JSON lines (.jsonl)')
    .requiredOption('--out <file>', 'interactions to write: .csv, .tsv or .parquet (user, item, rating, timestamp)')
    .option('--weights <file>', 'JSON weights per event type, e.g. {"click": 1, "complete": {"weight": 3, "times": "value"}, "scroll_past": -0.5} (default: the ad weights in the README)')
    .option('--half-life <duration>', 'time decay: an event one half-life older than --now counts half (7d, 12h, 3600 = seconds)')
    .option('--now <time>', 'reference time of the decay: epoch seconds or ISO 8601 (default: the newest event)')
    .option('--reweight <scheme>', 'reweight the aggregated matrix: none, bm25 or tfidf (as implicit’s bm25_weight / tfidf_weight)', choiceFlag(['none', 'bm25', 'tfidf'] as const), 'none')
    .option('--format <format>', 'log format: csv, tsv or jsonl (default: from the extension)', choiceFlag(['csv', 'tsv', 'jsonl'] as const))
    .option('--user-col <name>', 'user column (CSV header name or JSON key)', 'user')
    .option('--item-col <name>', 'item column', 'item')
    .option('--event-col <name>', 'event type column', 'event')
    .option('--value-col <name>', "value column (default 'value' when present)")
    .option('--timestamp-col <name>', "timestamp column (default 'timestamp' when present)")
    .option('--ids <kind>', 'id columns: auto (integers when every value is one) or string', choiceFlag(['auto', 'string'] as const), 'auto')
    .option('--overwrite', 'replace the --out file if it exists', false)
    .option('--json', 'print a JSON summary', false)
    .addHelpText(
      'after',
      `
The rating of a pair is the sum of its events' weights (× the event's value where the weights say
"times": "value"), decayed by 2^(−age/half-life). Negative sums mean "seen and not wanted": with
--implicit, Spark's semantics read them as preference 0 with confidence 1 + α|r|.

Examples:
  alsrec events clicks.csv --weights weights.json --out interactions.csv
  alsrec events log.jsonl --half-life 7d --reweight bm25 --out interactions.parquet
  alsrec train interactions.csv --implicit --alpha 10 --out model`,
    )
    .action(async (log: string, f: EventsFlags) => {
      await checkOutputs({
        verb: 'events',
        inputs: [{ flag: '<log>', path: log }, ...(f.weights ? [{ flag: '--weights', path: f.weights }] : [])],
        outputs: [{ flag: '--out', path: f.out, kind: 'file', extensions: { allowed: ['.csv', '.tsv', '.parquet'], what: 'interactions are written as CSV, TSV or Parquet' } }],
        overwrite: f.overwrite,
      });
      const halfLife = f.halfLife === undefined ? undefined : parseDuration(f.halfLife);
      if (halfLife !== undefined && !(halfLife > 0)) throw new UsageError(`events: --half-life must be a positive duration like 7d, 12h or 3600, got '${f.halfLife}'`);
      const now = f.now === undefined ? undefined : parseTimestamp(f.now);
      if (now !== undefined && now !== now) throw new UsageError(`events: --now must be epoch seconds or ISO 8601, got '${f.now}'`);
      let weights = DEFAULT_EVENT_WEIGHTS;
      if (f.weights) {
        const text = await readFile(f.weights, 'utf8').catch(() => {
          throw new Error(`${f.weights}: cannot read the weights file; pass a JSON file of event type → weight`);
        });
        try {
          weights = JSON.parse(text);
        } catch (e) {
          throw new Error(`${f.weights}: not valid JSON (${(e as Error).message}); expected e.g. {"click": 1, "scroll_past": -0.5}`);
        }
      }
      const resolved = resolveEventWeights(weights, f.weights ?? 'default weights');
      const t0 = performance.now();
      const { data: raw, events } = await readEventLog(log, resolved, {
        format: f.format,
        userCol: f.userCol,
        itemCol: f.itemCol,
        eventCol: f.eventCol,
        valueCol: f.valueCol,
        timestampCol: f.timestampCol,
        ids: f.ids,
        halfLife,
        now,
      });
      const data = f.reweight === 'bm25' ? bm25Weight(raw) : f.reweight === 'tfidf' ? tfidfWeight(raw) : raw;
      const tRead = performance.now();
      await withOutputs((out) =>
        out.write(f.out, (tmp) => (/\.parquet$/i.test(f.out) ? writeInteractionsParquet(tmp, data) : writeInteractions(tmp, data))),
      );
      const seconds = (tRead - t0) / 1000;
      let negative = 0;
      for (const r of data.ratings) if (r < 0) negative++;
      const summary = { events, pairs: size(data), users: data.userIds.size, items: data.itemIds.size, negativePairs: negative, seconds, eventsPerSecond: events / seconds, out: f.out };
      if (f.json) {
        io.stdout(JSON.stringify(summary) + '\n');
        return;
      }
      io.stdout(
        `${events} events → ${summary.pairs} (user, item) pairs (${summary.users} users, ${summary.items} items; ${negative} negative)\n` +
          `read and aggregated in ${seconds.toFixed(2)} s (${Math.round(summary.eventsPerSecond)} events/s)\nwrote ${f.out}\n`,
      );
    });
}
