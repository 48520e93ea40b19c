import { writeFile } from 'node:fs/promises';
import { extname } from 'node:path';
import type { Interactions } from '../data/interactions.js';
import { withOutputs } from './output-transaction.js';
import { formatFloat32 } from './write-interactions.js';
import { forEachLine } from './read-lines.js';
import { PlainSplitter } from './plain-splitter.js';
import { RecordSplitter, splitSpans } from './read-records.js';
import type { SourceTrace } from './source-trace.js';

/** One output of writeRowsAsRead: the rows of `data` (read with a trace) go to `path`. */
export interface RowsOutput {
  path: string;
  data: Interactions;
}

/** Rows per encoded block: bounds the size of any one string, whatever the data size. */
const BLOCK = 1 << 16;

const ML_SEPARATORS = { ml100k: '\t', 'ml-dat': '::', 'ml-csv': ',' } as const;

/**
 * Writes each output's rows with every field as the text that was read — ids (`007` stays `007`),
 * ratings (`9.538492376981678`, not its float32 rounding), timestamps and every other column —
 * by reading the source file a second time and copying the records that belong to each output, in
 * file order. Only a rating merged from duplicate pairs (sum, mean) is written as the computed
 * value. The header is the file's own (MovieLens layouts: user,item,rating,timestamp); the output
 * delimiter follows the output name (`.tsv`/`.tab`: tab, else ','), fields quoted per RFC 4180 when
 * they hold it, a quote or a line break. The outputs are written all or none (output-transaction.ts).
 */
export async function writeRowsAsRead(trace: SourceTrace, outputs: readonly RowsOutput[]): Promise<void> {
  if (!trace.filled) throw new Error('writeRowsAsRead: the trace was not filled in; read the data with { trace } first');
  let maxLine = 0;
  for (const { data, path } of outputs) {
    if (!data.sourceLines) throw new Error(`writeRowsAsRead: the rows for ${path} carry no sourceLines; read them with { trace }`);
    for (const l of data.sourceLines) maxLine = Math.max(maxLine, Math.abs(l));
  }
  // Which output each line's record goes to (1-based; 0 = none), and the merged ratings.
  const dest = new Uint8Array(maxLine + 1);
  const merged = new Map<number, number>();
  outputs.forEach(({ data }, o) => {
    const lines = data.sourceLines!;
    for (let j = 0; j < lines.length; j++) {
      const l = lines[j]!;
      dest[Math.abs(l)] = o + 1;
      if (l < 0) merged.set(-l, data.ratings[j]!);
    }
  });
  if (merged.size > 0 && trace.ratingField < 0) {
    throw new Error(
      `${trace.file}: ${merged.size} rows merge repeated (user, item) pairs, but the file has no rating column to write the merged value in; ` +
        "pass --duplicates last to keep one line per pair as it is, or merge the file's repeats first",
    );
  }
  const writers = outputs.map(({ path }) => new DelimitedWriter(delimiterFor(path)));
  for (const w of writers) w.record(trace.columns);
  await forEachRecord(trace, (fields, line) => {
    const o = line <= maxLine ? dest[line]! : 0;
    if (o === 0) return;
    const m = merged.get(line);
    if (m !== undefined) fields[trace.ratingField] = formatFloat32(m);
    writers[o - 1]!.record(fields);
  });
  await withOutputs(async (out) => {
    for (let o = 0; o < outputs.length; o++) await out.write(outputs[o]!.path, (tmp) => writeFile(tmp, writers[o]!.bytes()));
  });
}

function delimiterFor(path: string): string {
  const ext = extname(path).toLowerCase();
  return ext === '.tsv' || ext === '.tab' ? '\t' : ',';
}

/**
 * Calls `sink` with the field texts of every data record of the traced file (header skipped) and
 * the line its record starts on — the same records, on the same lines, as the reader saw.
 */
async function forEachRecord(trace: SourceTrace, sink: (fields: string[], line: number) => void): Promise<void> {
  const layout = trace.layout;
  if (layout.kind === 'delimited') {
    const d = layout.delimiter;
    const splitter = d === '::' || d === 'whitespace' ? new PlainSplitter(d, 4096) : new RecordSplitter(d, trace.file, 4096);
    let header = layout.header;
    await forEachLine(
      trace.file,
      (text, start, end, line) => {
        if (start === end && !splitter.inRecord) return;
        const count = splitter.feed(text, start, end, line);
        if (count <= 0) return;
        if (header) {
          header = false;
          return;
        }
        sink(Array.from({ length: count }, (_, k) => splitter.field(k)), splitter.recordLine);
      },
      { encoding: layout.encoding },
    );
    return;
  }
  const sep = ML_SEPARATORS[layout.kind];
  const spans = new Int32Array(8);
  let header = layout.kind === 'ml-csv';
  await forEachLine(trace.file, (text, start, end, line) => {
    if (start === end) return;
    if (header) {
      header = false;
      return;
    }
    const count = splitSpans(text, start, end, sep, spans);
    sink(Array.from({ length: Math.min(count, 4) }, (_, k) => text.slice(spans[2 * k], spans[2 * k + 1])), line);
  });
}

/** Accumulates delimited records as UTF-8 blocks. */
class DelimitedWriter {
  private blocks: Uint8Array[] = [];
  private text = '';
  private rows = 0;
  private readonly encoder = new TextEncoder();

  constructor(private readonly delimiter: string) {}

  record(fields: readonly string[]): void {
    let s = '';
    for (let k = 0; k < fields.length; k++) {
      if (k > 0) s += this.delimiter;
      s += this.quote(fields[k]!);
    }
    this.text += s + '\n';
    if (++this.rows % BLOCK === 0) this.flush();
  }

  bytes(): Uint8Array {
    this.flush();
    let total = 0;
    for (const b of this.blocks) total += b.length;
    const out = new Uint8Array(total);
    let at = 0;
    for (const b of this.blocks) {
      out.set(b, at);
      at += b.length;
    }
    return out;
  }

  private flush(): void {
    if (this.text === '') return;
    this.blocks.push(this.encoder.encode(this.text));
    this.text = '';
  }

  private quote(field: string): string {
    if (field.includes(this.delimiter) || field.includes('"') || field.includes('\n') || field.includes('\r')) {
      return '"' + field.replace(/"/g, '""') + '"';
    }
    return field;
  }
}
