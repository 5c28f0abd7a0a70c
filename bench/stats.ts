/** Median and spread of repeated measurements (ms, or any unit). */
export interface Figure {
  median: number;
  min: number;
  max: number;
  /** 99th percentile (nearest rank). */
  p99: number;
  runs: number;
}

/** Median, min, max and p99 (nearest rank) of `values`; throws on an empty list. */
export function summarize(values: readonly number[]): Figure {
  if (!values.length) throw new Error('bench: no measurement to summarize');
  const s = [...values].sort((a, b) => a - b);
  const rank = (p: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
  const median = s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  return { median, min: s[0], max: s[s.length - 1], p99: rank(99), runs: s.length };
}

/** `12.3 ms (10.1-15.0, 7 runs)`: median and spread with `digits` decimals. */
export function formatFigure(f: Figure, unit: string, digits = 1): string {
  return `${f.median.toFixed(digits)} ${unit} (${f.min.toFixed(digits)}-${f.max.toFixed(digits)}, ${f.runs} runs)`;
}
