/**
 * Initial factor rows — the twin of src/als/init-factors.ts (Spark's initialisation: each row
 * drawn from N(0, I), then scaled to unit length, or, with std > 0, scaled by std), with the
 * generator of src/data/random.ts (xoshiro128** seeded through splitmix32, Marsaglia's polar
 * method). The same integer and float64 operations in the same order, and the logarithm is the
 * host's (JavaScript's Math.log, imported), so every row has the reference's bits.
 *
 * Row r (0 ≤ r < n) is drawn from the 32-bit seed at seeds + 4r (the caller hashes (seed, stream,
 * id) as the reference does) into out + 4·rank·r (n × rank f32, no padding).
 */
@external("env", "log")
declare function hostLog(x: f64): f64;

let s0: u32 = 0, s1: u32 = 0, s2: u32 = 0, s3: u32 = 0;
let spare: f64 = 0;
let hasSpare = false;

export function initRows(seeds: usize, n: i32, rank: i32, out: usize, std: f64): void {
  for (let r = 0; r < n; r++) {
    seed(load<u32>(seeds + (<usize>r << 2)));
    const row = out + (<usize>(r * rank) << 2);
    let norm: f64 = 0;
    for (let a = 0; a < rank; a++) {
      const v = gaussian();
      store<f32>(row + (<usize>a << 2), <f32>v);
      norm += v * v;
    }
    if (std > 0) {
      for (let a = 0; a < rank; a++) {
        const p = row + (<usize>a << 2);
        store<f32>(p, <f32>(<f64>load<f32>(p) * std));
      }
      continue;
    }
    norm = sqrt<f64>(norm);
    for (let a = 0; a < rank; a++) {
      const p = row + (<usize>a << 2);
      store<f32>(p, <f32>(<f64>load<f32>(p) / norm));
    }
  }
}

/** splitmix32 into the four state words (Random's constructor). */
function seed(x0: u32): void {
  let x = x0 ^ 0x9e3779b9;
  x += 0x9e3779b9; s0 = mix(x);
  x += 0x9e3779b9; s1 = mix(x);
  x += 0x9e3779b9; s2 = mix(x);
  x += 0x9e3779b9; s3 = mix(x);
  hasSpare = false;
  spare = 0;
}

@inline function mix(x: u32): u32 {
  let z = x;
  z = (z ^ (z >>> 16)) * 0x85ebca6b;
  z = (z ^ (z >>> 13)) * 0xc2b2ae35;
  return z ^ (z >>> 16);
}

/** xoshiro128** (Random.nextUint32). */
@inline function nextUint32(): u32 {
  const a = s0;
  const b = s1;
  const result = rotl<u32>(b * 5, 7) * 9;
  const t = b << 9;
  const c = s2 ^ a;
  const d = s3 ^ b;
  s1 = b ^ c;
  s0 = a ^ d;
  s2 = c ^ t;
  s3 = rotl<u32>(d, 11);
  return result;
}

/** Uniform double in [0, 1) with 53 random bits (Random.next). */
@inline function next(): f64 {
  const hi = nextUint32() >>> 5;
  const lo = nextUint32() >>> 6;
  return (<f64>hi * 67108864 + <f64>lo) / 9007199254740992;
}

/** Standard normal draw, Marsaglia's polar method (Random.nextGaussian). */
function gaussian(): f64 {
  if (hasSpare) {
    hasSpare = false;
    return spare;
  }
  let u: f64, v: f64, s: f64;
  do {
    u = next() * 2 - 1;
    v = next() * 2 - 1;
    s = u * u + v * v;
  } while (s >= 1 || s == 0);
  const m = sqrt<f64>((-2 * hostLog(s)) / s);
  spare = v * m;
  hasSpare = true;
  return u * m;
}
