/**
 * Segment intersections for random stick networks: an exact-convention predicate, a uniform-grid spatial
 * hash that finds every intersecting pair in ~O(n + k) for sticks no longer than a few cells, and the
 * O(n²) brute force it is tested against. Segments are packed as [x1, y1, x2, y2] per segment.
 *
 * Convention: segments are closed. Two segments intersect when they share at least one point:
 *  - a proper crossing, or one endpoint lying on the other segment, or shared endpoints (touching counts);
 *  - parallel, non-collinear segments never intersect;
 *  - collinear segments intersect when their extents overlap (or touch); the junction point is the
 *    midpoint of the shared piece.
 * Random sticks hit the degenerate cases with probability zero; the convention matters for hand-built input.
 */

export interface Junctions {
  /** Lower segment index of each pair (a < b), pairs sorted by (a, b). */
  readonly a: Int32Array;
  readonly b: Int32Array;
  /** Junction point. */
  readonly x: Float64Array;
  readonly y: Float64Array;
}

const orient = (ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number => (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);

/** The point shared by segments i and j of `segs`, written to `out` ([x, y]); false when they do not meet. */
export function segmentIntersection(segs: ArrayLike<number>, i: number, j: number, out: number[]): boolean {
  const ax = segs[4 * i], ay = segs[4 * i + 1], bx = segs[4 * i + 2], by = segs[4 * i + 3];
  const cx = segs[4 * j], cy = segs[4 * j + 1], dx = segs[4 * j + 2], dy = segs[4 * j + 3];
  const d1 = orient(cx, cy, dx, dy, ax, ay);
  const d2 = orient(cx, cy, dx, dy, bx, by);
  const d3 = orient(ax, ay, bx, by, cx, cy);
  const d4 = orient(ax, ay, bx, by, dx, dy);
  if (d1 === 0 && d2 === 0 && d3 === 0 && d4 === 0) {
    // Collinear (or degenerate): overlap along the dominant axis of the first segment.
    const useX = Math.max(ax, bx, cx, dx) - Math.min(ax, bx, cx, dx) >= Math.max(ay, by, cy, dy) - Math.min(ay, by, cy, dy);
    const p = useX ? [ax, bx, cx, dx] : [ay, by, cy, dy];
    const lo = Math.max(Math.min(p[0], p[1]), Math.min(p[2], p[3]));
    const hi = Math.min(Math.max(p[0], p[1]), Math.max(p[2], p[3]));
    if (lo > hi) return false;
    // The shared piece's ends are points of the two segments; map the axis coordinates back to points.
    const pts: [number, number][] = [[ax, ay], [bx, by], [cx, cy], [dx, dy]];
    const at = (v: number): [number, number] => pts.find((q) => (useX ? q[0] : q[1]) === v)!;
    const [lx, ly] = at(lo);
    const [hx, hy] = at(hi);
    out[0] = 0.5 * (lx + hx);
    out[1] = 0.5 * (ly + hy);
    return true;
  }
  if ((d1 > 0 && d2 > 0) || (d1 < 0 && d2 < 0) || (d3 > 0 && d4 > 0) || (d3 < 0 && d4 < 0)) return false;
  // Crossing: a point on cd at parameter d3 / (d3 − d4) (d3 ≠ d4 here, else both are 0 and a,b,c,d collinear).
  if (d3 === 0) {
    out[0] = cx;
    out[1] = cy;
  } else if (d4 === 0) {
    out[0] = dx;
    out[1] = dy;
  } else {
    const t = d3 / (d3 - d4);
    out[0] = cx + t * (dx - cx);
    out[1] = cy + t * (dy - cy);
  }
  return true;
}

function collect(a: number[], b: number[], x: number[], y: number[]): Junctions {
  const order = Array.from(a, (_, k) => k).sort((p, q) => a[p] - a[q] || b[p] - b[q]);
  return {
    a: Int32Array.from(order, (k) => a[k]),
    b: Int32Array.from(order, (k) => b[k]),
    x: Float64Array.from(order, (k) => x[k]),
    y: Float64Array.from(order, (k) => y[k]),
  };
}

/** Every intersecting pair by testing all pairs: O(n²), the reference for the spatial hash. */
export function intersectionsBruteForce(segs: ArrayLike<number>): Junctions {
  const n = segs.length / 4;
  const a: number[] = [], b: number[] = [], x: number[] = [], y: number[] = [];
  const p = [0, 0];
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      if (segmentIntersection(segs, i, j, p)) {
        a.push(i);
        b.push(j);
        x.push(p[0]);
        y.push(p[1]);
      }
    }
  }
  return collect(a, b, x, y);
}

/**
 * Every intersecting pair through a uniform grid: each segment is listed in the cells its bounding box
 * covers, and a pair is tested only in the one cell where both boxes' lowest shared cell lies (an integer
 * rule, so no pair is tested twice and none is lost to rounding). `cellSize` defaults to the mean segment
 * length, enlarged if needed to keep the grid at most ~4 cells per segment.
 */
export function findIntersections(segs: ArrayLike<number>, cellSize?: number): Junctions {
  const n = segs.length / 4;
  if (n < 2) return collect([], [], [], []);
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity, total = 0;
  for (let i = 0; i < n; i++) {
    const x1 = segs[4 * i], y1 = segs[4 * i + 1], x2 = segs[4 * i + 2], y2 = segs[4 * i + 3];
    minX = Math.min(minX, x1, x2);
    maxX = Math.max(maxX, x1, x2);
    minY = Math.min(minY, y1, y2);
    maxY = Math.max(maxY, y1, y2);
    total += Math.hypot(x2 - x1, y2 - y1);
  }
  const width = Math.max(maxX - minX, 1e-300);
  const height = Math.max(maxY - minY, 1e-300);
  let s = cellSize ?? total / n;
  s = Math.max(s, Math.sqrt((width * height) / (4 * n)), width / 65536, height / 65536);
  if (!(s > 0) || !Number.isFinite(s)) s = Math.max(width, height);
  const nx = Math.max(1, Math.ceil(width / s));
  const ny = Math.max(1, Math.ceil(height / s));
  const cell = (v: number, lo: number, count: number): number => Math.min(count - 1, Math.max(0, Math.floor((v - lo) / s)));
  const ix0 = new Int32Array(n), ix1 = new Int32Array(n), iy0 = new Int32Array(n), iy1 = new Int32Array(n);
  const start = new Int32Array(nx * ny + 1);
  for (let i = 0; i < n; i++) {
    const x1 = segs[4 * i], y1 = segs[4 * i + 1], x2 = segs[4 * i + 2], y2 = segs[4 * i + 3];
    ix0[i] = cell(Math.min(x1, x2), minX, nx);
    ix1[i] = cell(Math.max(x1, x2), minX, nx);
    iy0[i] = cell(Math.min(y1, y2), minY, ny);
    iy1[i] = cell(Math.max(y1, y2), minY, ny);
    for (let cy = iy0[i]; cy <= iy1[i]; cy++) for (let cx = ix0[i]; cx <= ix1[i]; cx++) start[cy * nx + cx + 1]++;
  }
  for (let c = 0; c < nx * ny; c++) start[c + 1] += start[c];
  const fill = start.slice(0, nx * ny);
  const items = new Int32Array(start[nx * ny]);
  for (let i = 0; i < n; i++) {
    for (let cy = iy0[i]; cy <= iy1[i]; cy++) for (let cx = ix0[i]; cx <= ix1[i]; cx++) items[fill[cy * nx + cx]++] = i;
  }
  const a: number[] = [], b: number[] = [], x: number[] = [], y: number[] = [];
  const p = [0, 0];
  for (let cy = 0; cy < ny; cy++) {
    for (let cx = 0; cx < nx; cx++) {
      const c = cy * nx + cx;
      for (let u = start[c]; u < start[c + 1]; u++) {
        const i = items[u];
        for (let v = u + 1; v < start[c + 1]; v++) {
          const j = items[v];
          // Cell ranges must overlap, and this must be the lowest shared cell.
          if (ix0[j] > ix1[i] || ix0[i] > ix1[j] || iy0[j] > iy1[i] || iy0[i] > iy1[j]) continue;
          if (Math.max(ix0[i], ix0[j]) !== cx || Math.max(iy0[i], iy0[j]) !== cy) continue;
          if (segmentIntersection(segs, i, j, p)) {
            a.push(Math.min(i, j));
            b.push(Math.max(i, j));
            x.push(p[0]);
            y.push(p[1]);
          }
        }
      }
    }
  }
  return collect(a, b, x, y);
}
