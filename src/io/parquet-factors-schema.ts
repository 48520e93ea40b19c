import { parquetSchema, type FileMetaData, type KeyValue, type SchemaElement, type SchemaTree } from 'hyparquet';
import { SPARK_FORMAT_VERSION } from './spark-metadata.js';

/**
 * The Parquet schema of a Spark ALS factor part file, as Spark 3.5.3 (parquet-mr 1.13.1) writes
 * it for a DataFrame `id: int (not null), features: array<float> (containsNull = false)`:
 *
 *   message spark_schema {
 *     required int32 id;
 *     optional group features (LIST) {
 *       repeated group list {
 *         required float element;
 *       }
 *     }
 *   }
 *
 * The element is `required` because ALS arrays never hold nulls; the list itself is `optional`
 * because Spark marks array columns nullable. Spark 2.4/3.0 wrote the same tree with only the
 * converted type LIST; 3.5.3 adds the LIST logical type, and so do we.
 */
export const FACTOR_SCHEMA: SchemaElement[] = [
  { name: 'spark_schema', num_children: 2 },
  { name: 'id', type: 'INT32', repetition_type: 'REQUIRED' },
  { name: 'features', repetition_type: 'OPTIONAL', num_children: 1, converted_type: 'LIST', logical_type: { type: 'LIST' } },
  { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
  { name: 'element', type: 'FLOAT', repetition_type: 'REQUIRED' },
];

/**
 * Key-value metadata Spark puts in each part file: its version, and the Spark SQL schema that
 * lets Spark restore `nullable: false` on id and `containsNull: false` on features exactly.
 */
export const FACTOR_KV_METADATA: KeyValue[] = [
  { key: 'org.apache.spark.version', value: SPARK_FORMAT_VERSION },
  {
    key: 'org.apache.spark.sql.parquet.row.metadata',
    value: JSON.stringify({
      type: 'struct',
      fields: [
        { name: 'id', type: 'integer', nullable: false, metadata: {} },
        { name: 'features', type: { type: 'array', elementType: 'float', containsNull: false }, nullable: true, metadata: {} },
      ],
    }),
  },
];

/**
 * Where the two columns sit in a factor file, and the definition levels of its float leaf
 * (Dremel encoding): a leaf value is present when def = maxDef; def < listDef means `features`
 * itself is null; def = listDef means the list is empty; in between, a null element.
 */
export interface FactorFileLayout {
  /** Dotted path of the float leaf, e.g. "features.list.element". */
  leafPath: string;
  maxDef: number;
  listDef: number;
}

/** Checks that `metadata` (of the file at `path`) has an INT32 `id` and a float-list `features`. */
export function checkFactorSchema(metadata: FileMetaData, path: string): FactorFileLayout {
  const root = parquetSchema(metadata);
  const names = root.children.map((c) => c.element.name);
  const expected = 'expected a Spark ALS factor file with columns id: int32, features: list<float>';
  const id = root.children.find((c) => c.element.name === 'id');
  const features = root.children.find((c) => c.element.name === 'features');
  if (!id || !features) {
    throw new Error(`${path}: columns are [${names.join(', ')}]; ${expected}`);
  }
  if (id.element.type !== 'INT32' || id.children.length || id.element.repetition_type === 'REPEATED') {
    throw new Error(`${path}: column id is ${describe(id)}; ${expected}`);
  }
  // A 3-level list: features → repeated group → float. Spark's standard names are list/element,
  // its legacy mode (spark.sql.parquet.writeLegacyFormat) writes bag/array with a nullable float.
  const leaf = onlyLeaf(features);
  const chain = leaf ? [features, ...pathTo(features, leaf)] : [];
  const repeats = chain.map((n) => n.element.repetition_type === 'REPEATED');
  if (!leaf || leaf.element.type !== 'FLOAT' || !isList(features) || repeats.join() !== 'false,true,false') {
    throw new Error(`${path}: column features is ${describe(features)}; ${expected}`);
  }
  let def = 0;
  let listDef = 0;
  for (const node of chain) {
    if (node.element.repetition_type !== 'REQUIRED') def++;
    if (node === features) listDef = def;
  }
  return {
    leafPath: chain.map((n) => n.element.name).join('.'),
    maxDef: def,
    listDef,
  };
}

function isList(node: SchemaTree): boolean {
  const e = node.element;
  return e.converted_type === 'LIST' || e.logical_type?.type === 'LIST';
}

/** The single leaf under `node` when the subtree is a simple chain, else undefined. */
function onlyLeaf(node: SchemaTree): SchemaTree | undefined {
  let n = node;
  while (n.children.length === 1) n = n.children[0]!;
  return n.children.length === 0 && n !== node ? n : undefined;
}

function pathTo(from: SchemaTree, leaf: SchemaTree): SchemaTree[] {
  const out: SchemaTree[] = [];
  let n = from;
  while (n !== leaf) {
    n = n.children[0]!;
    out.push(n);
  }
  return out;
}

function describe(node: SchemaTree): string {
  const e = node.element;
  const inner = node.children.map(describe).join('; ');
  const kind = e.type ?? (e.converted_type ? `group (${e.converted_type})` : 'group');
  return `${(e.repetition_type ?? 'REQUIRED').toLowerCase()} ${kind} ${e.name}${inner ? ` { ${inner} }` : ''}`;
}
