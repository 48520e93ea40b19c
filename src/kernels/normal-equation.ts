/**
 * The k × k least-squares problem of one factor row, as Spark's `NormalEquation`: explicit and
 * implicit feedback share it and differ only in what they add.
 *
 *   add(y, b, c):  ata += c · y yᵀ,  atb += b · y
 *   merge(G):      ata += G              (implicit: the YᵀY term for all unobserved entries)
 *
 * Explicit rating r:  add(y, r, 1).
 * Implicit rating r:  c₁ = α|r| (confidence − 1); add(y, r > 0 ? 1 + c₁ : 0, c₁).
 * Then the regulariser λ·n (ALS-WR: λ = regParam weighted by the row's count of explicit, or for
 * implicit positive, ratings) is added to the diagonal and the system solved.
 * Accumulates in float64, as Spark does, whatever the factor precision.
 */
export class NormalEquation {
  readonly k: number;
  readonly ata: Float64Array;
  readonly atb: Float64Array;

  constructor(k: number) {
    this.k = k;
    this.ata = new Float64Array(k * k);
    this.atb = new Float64Array(k);
  }

  reset(): void {
    this.ata.fill(0);
    this.atb.fill(0);
  }

  /** ata += c·y yᵀ (lower triangle only; `symmetrize` fills the rest), atb += b·y for y = src[off .. off+k). */
  add(src: Float32Array, off: number, b: number, c: number): void {
    const { k, ata, atb } = this;
    if (c !== 0) {
      for (let a = 0; a < k; a++) {
        const ca = c * src[off + a]!;
        const row = a * k;
        for (let j = 0; j <= a; j++) ata[row + j]! += ca * src[off + j]!;
      }
    }
    if (b !== 0) for (let a = 0; a < k; a++) atb[a]! += b * src[off + a]!;
  }

  /** ata += scale·G for a full symmetric G (only the lower triangle is read); scale defaults to 1. */
  merge(G: Float64Array, scale = 1): void {
    const { k, ata } = this;
    for (let a = 0; a < k; a++) for (let j = 0; j <= a; j++) ata[a * k + j]! += scale * G[a * k + j]!;
  }

  /** Copies the lower triangle to the upper one and adds `lambda` to the diagonal. */
  finish(lambda: number): void {
    const { k, ata } = this;
    for (let a = 0; a < k; a++) {
      ata[a * k + a]! += lambda;
      for (let j = 0; j < a; j++) ata[j * k + a] = ata[a * k + j]!;
    }
  }
}
