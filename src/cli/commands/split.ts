import { Command } from 'commander';
import { randomSplit } from '../../data/split-random.js';
import { stratifiedSplit } from '../../data/split-stratified.js';
import { chronoSplit } from '../../data/split-chrono.js';
import { size, type Interactions } from '../../data/interactions.js';
import { SourceTrace } from '../../io/source-trace.js';
import { writeRowsAsRead } from '../../io/write-rows-as-read.js';
import { writeInteractions } from '../../io/write-interactions.js';
import { writeInteractionsParquet } from '../../io/write-interactions-parquet.js';
import { withOutputs } from '../../io/output-transaction.js';
import { checkOutputs } from '../output-paths.js';
import type { CliIO } from '../cli-io.js';
import { addDataFlags, readWithFlags, type DataFlags } from '../data-flags.js';
import { choiceFlag, floatFlag, intFlag } from '../parse-flags.js';
import { plural } from '../format-table.js';

interface SplitFlags extends DataFlags {
  train: string;
  test: string;
  ratio: number;
  seed: number;
  method: 'random' | 'stratified' | 'chrono';
  minRating: number;
  filterBy: 'user' | 'item';
  overwrite: boolean;
  json: boolean;
}

export function splitCommand(io: CliIO): Command {
  const cmd = new Command('split')
    .description('Split interactions into a training and a test file: every line copied with its fields as read (ids, ratings, timestamps, other columns)')
    .argument('<input>', 'interactions file')
    .requiredOption('--train <file>', 'training output (CSV; TSV for .tsv; Parquet for .parquet; Arrow IPC for .arrow)')
    .requiredOption('--test <file>', 'test output (CSV; TSV for .tsv; Parquet for .parquet; Arrow IPC for .arrow)')
    .option('--ratio <r>', 'share of rows (or of each user’s rows) for training, in (0, 1)', floatFlag(0, 1, { exclusiveMin: true, exclusiveMax: true }), 0.75)
    .option('--seed <n>', 'shuffle seed (random, stratified)', intFlag(-2147483648, 2147483647), 42)
    .option('--method <method>', 'random: whole-data shuffle; stratified: per user; chrono: per user by timestamp', choiceFlag(['random', 'stratified', 'chrono'] as const), 'random')
    .option('--min-rating <n>', 'stratified/chrono: drop users (or items) with fewer rows', intFlag(1), 1)
    .option('--filter-by <side>', 'stratified/chrono: stratify by user or item', choiceFlag(['user', 'item'] as const), 'user')
    .option('--overwrite', 'replace --train/--test files that already exist', false)
    .option('--json', 'print the sizes as JSON', false);
  addDataFlags(cmd).addHelpText(
    'after',
    `
Methods (exact definitions in docs/metrics.md):
  random      shuffle all rows with the seed, first round(ratio·n) to train (Spark's randomSplit, exact sizes)
  stratified  per user, shuffle its rows, first round(ratio·count) to train: every user is in both sets
  chrono      per user, earliest round(ratio·count) rows to train (needs timestamps)

Output: CSV (TSV for a .tsv name) with the input's header (MovieLens files: user,item,rating,timestamp);
every field is written as the text that was read, so 007 stays 007 and 9.538492376981678 keeps
its digits. Only a rating merged from repeated pairs (--duplicates sum|mean) is a computed value.
A .parquet name writes Parquet: user, item (INT32, or STRING when the ids are text), rating FLOAT
and timestamp DOUBLE when there is one; a .arrow name writes an Arrow IPC file of the same columns
(Int32/Utf8, Float32, Float64). A Parquet or Arrow input is written as read: its values, typed
(CSV outputs of such an input have the header user,item,rating[,timestamp]).

Example:
  alsrec split u.data --train train.csv --test test.csv --ratio 0.75 --seed 42`,
  );
  return cmd.action(async (input: string, f: SplitFlags) => {
    await checkOutputs({
      verb: 'split',
      inputs: [{ flag: '<input>', path: input }],
      outputs: [
        { flag: '--train', path: f.train, kind: 'file' },
        { flag: '--test', path: f.test, kind: 'file' },
      ],
      overwrite: f.overwrite,
    });
    const trace = new SourceTrace();
    const data = await readWithFlags(input, f, { io, trace });
    let parts: Interactions[];
    if (f.method === 'random') parts = randomSplit(data, f.ratio, f.seed);
    else if (f.method === 'stratified') parts = stratifiedSplit(data, { ratio: f.ratio, seed: f.seed, minRating: f.minRating, filterBy: f.filterBy });
    else parts = chronoSplit(data, { ratio: f.ratio, minRating: f.minRating, filterBy: f.filterBy });
    const [train, test] = parts as [Interactions, Interactions];
    const outputs = [
      { path: f.train, data: train },
      { path: f.test, data: test },
    ];
    if (outputs.some((o) => /\.(parquet|arrow)$/i.test(o.path)) || !trace.filled) {
      // Parquet outputs hold typed values; a Parquet input has no text to copy (both files or neither)
      await withOutputs(async (out) => {
        for (const o of outputs) {
          const arrow = /\.arrow$/i.test(o.path) ? (await import('../../io/write-arrow.js')).writeInteractionsArrow : null; // loaded on use
          const write = /\.parquet$/i.test(o.path) ? writeInteractionsParquet : (arrow ?? writeInteractions);
          await out.write(o.path, (tmp) => write(tmp, o.data));
        }
      });
    } else {
      // every field as read: ids, ratings, timestamps and any other column (both files or neither)
      await writeRowsAsRead(trace, outputs);
    }
    const out = { method: f.method, input: size(data), train: size(train), test: size(test) };
    io.stdout(f.json ? JSON.stringify(out) + '\n' : `${f.method} split of ${plural(out.input, 'row')}: ${out.train} → ${f.train}, ${out.test} → ${f.test}\n`);
  });
}
