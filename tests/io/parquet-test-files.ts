import { parquetWriteBuffer } from 'hyparquet-writer';

// hyparquet-writer brings its own copy of hyparquet's types.
type WriteOptions = Parameters<typeof parquetWriteBuffer>[0];
type SchemaElement = NonNullable<WriteOptions['schema']>[number];
type Encoding = NonNullable<WriteOptions['columnData'][number]['encoding']>;

/**
 * Factor files written by hyparquet-writer's general writer, which (unlike ours and Spark's)
 * writes v2 data pages and dictionary-encodes values that repeat; also files Spark would never
 * write (null lists, null floats, other encodings), to test the readers' edges.
 */
export function generalFactorFile(
  ids: (number | null)[],
  features: (number[] | (number | null)[] | null)[],
  opts: {
    names?: [string, string];
    elementOptional?: boolean;
    idOptional?: boolean;
    encoding?: Encoding;
    codec?: WriteOptions['codec'];
    compressors?: WriteOptions['compressors'];
  } = {},
): ArrayBuffer {
  const [list, element] = opts.names ?? ['list', 'element'];
  const schema: SchemaElement[] = [
    { name: 'spark_schema', num_children: 2 },
    { name: 'id', type: 'INT32', repetition_type: opts.idOptional ? 'OPTIONAL' : 'REQUIRED' },
    { name: 'features', repetition_type: 'OPTIONAL', num_children: 1, converted_type: 'LIST' },
    { name: list, repetition_type: 'REPEATED', num_children: 1 },
    { name: element, type: 'FLOAT', repetition_type: opts.elementOptional ? 'OPTIONAL' : 'REQUIRED' },
  ];
  return parquetWriteBuffer({
    schema,
    codec: opts.codec,
    compressors: opts.compressors,
    columnData: [
      { name: 'id', data: opts.idOptional ? ids : Int32Array.from(ids as number[]) },
      { name: 'features', data: features, encoding: opts.encoding },
    ],
  });
}
