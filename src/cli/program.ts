import { Command, CommanderError } from 'commander';
import { processIO, type CliIO } from './cli-io.js';
import { quickstartCommand } from './commands/quickstart.js';
import { splitCommand } from './commands/split.js';
import { trainCommand } from './commands/train.js';
import { evaluateCommand } from './commands/evaluate.js';
import { recommendCommand } from './commands/recommend.js';
import { tuneCommand } from './commands/tune.js';
import { benchAccuracyCommand } from './commands/bench-accuracy.js';
import { useNodeThreads } from '../node-threads/kernel-thread-host.js';
import { useFullGcOnRelease } from '../io/full-gc.js';
import { describeError } from './fs-errors.js';
import { eventsCommand } from './commands/events.js';
import { explainCommand } from './commands/explain.js';
import { similarCommand } from './commands/similar.js';
import { indexCommand } from './commands/index.js';
import { sparkCommandGroup } from './commands/spark.js';
import { serveCommand } from './commands/serve.js';

export const VERSION = '0.1.0';

/** The `alsrec` program with every verb; output goes through `io`. */
export function buildProgram(io: CliIO): Command {
  const program = new Command('alsrec')
    .description('Alternating Least Squares recommendations with Spark semantics: split, train, evaluate, recommend')
    .version(VERSION)
    .showHelpAfterError('(add --help for usage)')
    .addHelpText(
      'after',
      `
Start here:
  alsrec quickstart                 the PySpark ALS workflow on MovieLens 100k, in about a second

A whole workflow on your own file:
  alsrec split ratings.csv --train train.csv --test test.csv
  alsrec train train.csv --out model --rank 10 --max-iter 15 --reg-param 0.05
  alsrec evaluate model --test test.csv --train train.csv --json
  alsrec recommend model --k 10 --exclude train.csv --out recs.csv
  alsrec similar model --items 50 --k 5 --titles ml-100k

Model selection:
  alsrec tune train.csv --test test.csv --grid rank=10,15,20 --grid regParam=0.001,0.1,1.0 \
      --set maxIter=15 --metric rmse --heatmap rmse.png --report tune.html

Hand over to Spark (a cluster, or local[N]):
  alsrec spark train ratings.csv --out model --master yarn    then: alsrec evaluate model …

Serving:
  alsrec serve model --train-data train.csv --token-file tokens.txt

Each verb has --help. Environment: ALSREC_ML100K (MovieLens 100k directory), ALSREC_CACHE (download cache).`,
    );
  for (const make of [quickstartCommand, splitCommand, trainCommand, evaluateCommand, recommendCommand, similarCommand, indexCommand, explainCommand, eventsCommand, tuneCommand, benchAccuracyCommand, sparkCommandGroup, serveCommand]) {
    program.addCommand(make(io));
  }
  const configure = (cmd: Command) => {
    cmd.exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
    cmd.commands.forEach(configure);
  };
  configure(program);
  return program;
}

/** Runs `alsrec` with `argv` (without node and the script); resolves to the exit code. */
export async function runCli(argv: string[], io: CliIO = processIO): Promise<number> {
  useNodeThreads(); // fits and top-K may use worker threads
  useFullGcOnRelease(); // train's consumeData frees the rows while the CSRs are built
  const program = buildProgram(io);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      // commander already printed the message (or the help / version, with exit code 0)
      return e.exitCode;
    }
    const verb = argv.find((a) => !a.startsWith('-')) ?? '';
    let message = describeError(e);
    // Messages written as `tune: …` are not prefixed twice (`alsrec tune: tune: …`).
    if (verb && message.startsWith(`${verb}: `)) message = message.slice(verb.length + 2);
    io.stderr(`alsrec${verb ? ` ${verb}` : ''}: ${message}\n`);
    if (io.env.ALSREC_DEBUG) io.stderr(`${(e as Error).stack}\n`);
    return 1;
  }
}

