import type { Delimiter } from './sniff-table.js';
import type { TextEncoding } from './read-lines.js';
import type { MovieLensRatingsFormat } from './read-ml-ratings.js';

/** How the records of a traced file are laid out, so they can be read a second time. */
export type RecordLayout =
  | { kind: 'delimited'; delimiter: Delimiter; header: boolean; encoding?: TextEncoding }
  | { kind: MovieLensRatingsFormat };

/**
 * Pass a SourceTrace as the `trace` read option to learn where the rows came from: the reader fills
 * in the file it read (a MovieLens directory resolves to its ratings file), the record layout, the
 * column names and the rating field, and the data gets `sourceLines` (data/interactions.ts). With
 * them `writeRowsAsRead` (io/write-rows-as-read.ts) writes any selection of the rows back with every
 * field — ids, ratings, timestamps, other columns — as the text that was read.
 */
export class SourceTrace {
  /** The file the rows were read from. */
  file = '';
  layout: RecordLayout = { kind: 'delimited', delimiter: ',', header: true };
  /** Column names for the output header: the file's header or the columns named for it, or user,item,rating,timestamp. */
  columns: string[] = [];
  /** Field index of the rating, or −1 when the file has none (every row counts 1). */
  ratingField = -1;
  /** True once a reader has filled the trace in. */
  filled = false;

  describe(file: string, layout: RecordLayout, columns: string[], ratingField: number): void {
    this.file = file;
    this.layout = layout;
    this.columns = columns;
    this.ratingField = ratingField;
    this.filled = true;
  }
}
