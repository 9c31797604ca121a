/**
 * Viridis (van der Walt & Smith, matplotlib's default): perceptually uniform, so equal steps in
 * relevance look like equal steps in colour, readable in greyscale and by colour-blind readers.
 * Eight evenly spaced stops (viridis(8)); between them, linear interpolation in sRGB.
 */
const STOPS = ["#440154", "#46337e", "#365c8d", "#277f8e", "#1fa187", "#4ac16d", "#9fda3a", "#fde725"].map((hex) => [
  Number.parseInt(hex.slice(1, 3), 16),
  Number.parseInt(hex.slice(3, 5), 16),
  Number.parseInt(hex.slice(5, 7), 16),
]);

/** t in [0, 1] (clamped; NaN counts as 0) → [r, g, b] bytes. */
export function viridis(t: number): [number, number, number] {
  const x = Number.isNaN(t) ? 0 : Math.min(1, Math.max(0, t)) * (STOPS.length - 1);
  const i = Math.min(STOPS.length - 2, Math.floor(x));
  const f = x - i;
  const [a, b] = [STOPS[i]!, STOPS[i + 1]!];
  return [0, 1, 2].map((c) => Math.round(a[c]! + (b[c]! - a[c]!) * f)) as [number, number, number];
}
