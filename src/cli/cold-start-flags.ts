import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { coldItemsProtocol } from '../fallback/cold-items-protocol.js';
import { coldUsersProtocol } from '../fallback/cold-users-protocol.js';
import { loadALSModel } from '../io/als-model-dir.js';
import { readItemFeatures } from '../io/read-item-features.js';
import { UsageError, type CliIO } from './cli-io.js';
import { readWithFlags, type DataFlags } from './data-flags.js';
import { formatTable } from './format-table.js';
import { choiceFlag, floatFlag, intFlag } from './parse-flags.js';

/** Flags of `alsrec evaluate`'s cold-start protocol. */
export interface ColdFlags {
  data?: string;
  coldUsers?: number;
  coldItems?: number;
  reveal: number[];
  revealOrder: 'time' | 'random';
  itemFeatures?: string;
  seed: number;
  k: number;
  json: boolean;
}

function revealList(value: string): number[] {
  const list = value.split(',').map((s) => Number(s.trim()));
  if (list.length === 0 || list.some((n) => !(Number.isInteger(n) && n >= 1))) throw new InvalidArgumentError(`expected integers >= 1 separated by commas, got '${value}'.`);
  return list;
}

export function addColdFlags(cmd: Command): Command {
  return cmd
    .option('--data <file>', 'all interactions, for the cold-start protocol (it holds users or items out of them)')
    .option('--cold-users <fraction>', 'cold-start protocol: hold out this share of the users (seeded)', floatFlag(0, 1, { exclusiveMin: true, exclusiveMax: true }))
    .option('--reveal <list>', 'interactions revealed per held-out user', revealList, [1, 3, 5, 10])
    .option('--reveal-order <order>', 'which interactions are revealed first: time (earliest) or random', choiceFlag(['time', 'random'] as const), 'time')
    .option('--cold-items <fraction>', 'cold-start protocol for items: hold out this share of the items with features (needs --item-features)', floatFlag(0, 1, { exclusiveMin: true, exclusiveMax: true }))
    .option('--item-features <file>', 'item features: MovieLens u.item (genres, year) or a CSV/TSV with one row per item')
    .option('--seed <n>', 'seed of the held-out choice', intFlag(-2147483648, 2147483647), 42);
}

/** Runs the cold-start protocols the flags ask for and prints their tables (or JSON). */
export async function runColdProtocols(io: CliIO, modelDir: string, f: ColdFlags & DataFlags): Promise<void> {
  if (!f.data) throw new UsageError('evaluate: the cold-start protocol needs --data FILE (all interactions)');
  if (f.coldItems !== undefined && !f.itemFeatures) throw new UsageError('evaluate: --cold-items needs --item-features FILE');
  const { options } = await loadALSModel(modelDir);
  const data = await readWithFlags(f.data, f);
  const features = f.itemFeatures ? await readItemFeatures(f.itemFeatures) : undefined;
  const out: Record<string, unknown> = {};
  let text = '';
  if (f.coldUsers !== undefined) {
    io.stderr(`cold users: fitting on ${Math.round((1 - f.coldUsers) * 100)}% of the users, then ranking for the rest …\n`);
    const r = await coldUsersProtocol(data, { fraction: f.coldUsers, reveal: f.reveal, order: f.revealOrder, seed: f.seed, k: f.k, als: options, itemFeatures: features });
    out.coldUsers = { k: r.k, heldOutUsers: r.heldOutUsers, revealOrder: f.revealOrder, crossover: r.crossover, rows: r.rows };
    text +=
      `cold users: ${r.heldOutUsers} held out (seed ${f.seed}), first N interactions revealed (${f.revealOrder} order), the rest ranked\n` +
      formatTable(['N', 'ranker', 'users', `P@${r.k}`, `NDCG@${r.k}`], r.rows.map((x) => [x.reveal, x.ranker, x.users, x.precisionAtK, x.ndcgAtK])) +
      (r.crossover === null ? 'fold-in does not beat popularity at the N tried\n' : `fold-in beats popularity on P@${r.k} from N = ${r.crossover}\n`);
  }
  if (f.coldItems !== undefined) {
    io.stderr(`cold items: fitting without ${Math.round(f.coldItems * 100)}% of the items …\n`);
    const r = await coldItemsProtocol(data, features!, { fraction: f.coldItems, seed: f.seed, als: options });
    out.coldItems = { heldOutItems: r.heldOutItems, rows: r.rows };
    text +=
      `${text ? '\n' : ''}cold items: ${r.heldOutItems} held out (seed ${f.seed}); where they rank for the users who later interacted with them\n` +
      formatTable(['placement', 'pairs', 'mean percentile rank', 'hit@10', 'hit@100'], r.rows.map((x) => [x.placement, x.pairs, x.meanPercentileRank, x.hitRate[10] ?? NaN, x.hitRate[100] ?? NaN])) +
      '(percentile rank: 0 = first, 0.5 = chance)\n';
  }
  io.stdout(f.json ? JSON.stringify(out) + '\n' : text);
}
