/**
 * The occlusion grid: the image's width and height are each divided into G bands whose edges are
 * rounded to whole pixels (issue 15), so every pixel belongs to exactly one cell.
 */
export function bandEdges(size: number, grid: number): number[] {
  return Array.from({ length: grid + 1 }, (_, i) => Math.round((i * size) / grid));
}

export interface Cell {
  row: number;
  col: number;
  left: number;
  top: number;
  width: number;
  height: number;
}

/** Every cell of a G×G grid over a width×height image, row-major with the top row first. */
export function gridCells(width: number, height: number, grid: number): Cell[] {
  const xs = bandEdges(width, grid);
  const ys = bandEdges(height, grid);
  const cells: Cell[] = [];
  for (let row = 0; row < grid; row++) {
    for (let col = 0; col < grid; col++) {
      cells.push({ row, col, left: xs[col]!, top: ys[row]!, width: xs[col + 1]! - xs[col]!, height: ys[row + 1]! - ys[row]! });
    }
  }
  return cells;
}

/** The prediction-store id of one occluded request: the sample, the fill, the grid and the cell, so no two share a cache key. */
export function occludedSampleId(sampleId: string, fill: string, grid: number, row: number, col: number): string {
  return `${sampleId}#occlude-${fill}-${grid}x${grid}@${row},${col}`;
}
