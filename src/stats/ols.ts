import { inverse, Matrix } from "ml-matrix";
import { normalQuantile, twoSidedNormalP } from "./normal.js";

export interface OlsResult {
  coefficients: number[];
  /** HC1 (heteroskedasticity-robust, small-sample scaled) standard errors. */
  se: number[];
  /** Normal-approximation intervals at `level`, β ± z·se (statsmodels' default for robust covariances). */
  ci: [number, number][];
  pValues: number[];
  n: number;
  k: number;
  level: number;
}

/** A design column that is a linear combination of the columns before it. */
export class CollinearColumnError extends Error {
  constructor(
    readonly column: number,
    /** Earlier columns with a non-zero weight in the combination, and their weights. */
    readonly combination: { column: number; weight: number }[],
  ) {
    super(`design column ${column} is a linear combination of columns ${combination.map((c) => c.column).join(", ")}`);
    this.name = "CollinearColumnError";
  }
}

const RELATIVE_TOLERANCE = 1e-9;

/**
 * Throws CollinearColumnError for the first column of `rows` (a row-major design matrix)
 * that lies in the span of the columns before it. Modified Gram–Schmidt: a column whose
 * residual norm is ~0 relative to its own norm is dependent; R's back-substitution then
 * gives the combination, so an error can say which columns it repeats.
 */
export function assertFullColumnRank(rows: readonly (readonly number[])[]): void {
  const k = rows[0]?.length ?? 0;
  const q: number[][] = []; // orthonormal columns so far
  const r: number[][] = []; // r[i][j]: coefficient of q_i in column j
  for (let j = 0; j < k; j++) {
    const v = rows.map((row) => row[j]!);
    const norm0 = Math.hypot(...v);
    const coeffs: number[] = [];
    for (let i = 0; i < q.length; i++) {
      const qi = q[i]!;
      const dot = v.reduce((s, x, t) => s + x * qi[t]!, 0);
      coeffs.push(dot);
      for (let t = 0; t < v.length; t++) v[t]! -= dot * qi[t]!;
    }
    const residual = Math.hypot(...v);
    if (norm0 === 0 || residual <= RELATIVE_TOLERANCE * norm0) {
      // column j = Σ_i coeffs[i] q_i and Q = X R⁻¹, so weights w solve R w = coeffs.
      const w = new Array<number>(q.length).fill(0);
      for (let i = q.length - 1; i >= 0; i--) {
        let s = coeffs[i]!;
        for (let m = i + 1; m < q.length; m++) s -= r[i]![m]! * w[m]!;
        w[i] = s / r[i]![i]!;
      }
      const combination = w.map((weight, column) => ({ column, weight })).filter((c) => Math.abs(c.weight) > 1e-9);
      throw new CollinearColumnError(j, combination);
    }
    for (let i = 0; i < q.length; i++) r[i]![j] = coeffs[i]!;
    r.push(new Array<number>(k).fill(0));
    r[q.length]![j] = residual;
    q.push(v.map((x) => x / residual));
  }
}

/**
 * Ordinary least squares with HC1 robust standard errors:
 * V = n/(n−k) · (XᵀX)⁻¹ (Σ eᵢ² xᵢxᵢᵀ) (XᵀX)⁻¹ (MacKinnon & White 1985; Stata's `robust`,
 * statsmodels' cov_type="HC1"). `rows` is the design matrix row by row (include the intercept
 * column yourself). Throws CollinearColumnError for a rank-deficient design.
 */
export function olsHC1(rows: readonly (readonly number[])[], y: readonly number[], level = 0.95): OlsResult {
  const n = rows.length;
  const k = rows[0]?.length ?? 0;
  if (y.length !== n) throw new RangeError(`olsHC1: ${n} rows but ${y.length} outcomes`);
  if (k === 0 || n <= k) throw new RangeError(`olsHC1: need more observations (${n}) than columns (${k})`);
  const xtx = Matrix.zeros(k, k);
  const xty = new Array<number>(k).fill(0);
  for (let i = 0; i < n; i++) {
    const x = rows[i]!;
    for (let a = 0; a < k; a++) {
      xty[a]! += x[a]! * y[i]!;
      for (let b = 0; b < k; b++) xtx.set(a, b, xtx.get(a, b) + x[a]! * x[b]!);
    }
  }
  assertFullColumnRank(distinctRows(rows));
  const bread = inverse(xtx);
  const beta = bread.mmul(Matrix.columnVector(xty)).to1DArray();
  const meat = Matrix.zeros(k, k);
  for (let i = 0; i < n; i++) {
    const x = rows[i]!;
    const e = y[i]! - x.reduce((s, xa, a) => s + xa * beta[a]!, 0);
    const e2 = e * e;
    for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) meat.set(a, b, meat.get(a, b) + e2 * x[a]! * x[b]!);
  }
  const cov = bread
    .mmul(meat)
    .mmul(bread)
    .mul(n / (n - k));
  const z = normalQuantile(1 - (1 - level) / 2);
  const se = beta.map((_, a) => Math.sqrt(Math.max(0, cov.get(a, a))));
  return {
    coefficients: beta,
    se,
    ci: beta.map((b, a) => [b - z * se[a]!, b + z * se[a]!]),
    pValues: beta.map((b, a) => (se[a] === 0 ? (b === 0 ? 1 : 0) : twoSidedNormalP(b / se[a]!))),
    n,
    k,
    level,
  };
}

/** Rank is a property of the distinct rows; a design repeats few rows many times. */
function distinctRows(rows: readonly (readonly number[])[]): number[][] {
  const seen = new Map<string, number[]>();
  for (const row of rows) {
    const key = row.join(",");
    if (!seen.has(key)) seen.set(key, [...row]);
  }
  return [...seen.values()];
}
