/**
 * Approximate minimum degree ordering (Amestoy, Davis & Duff, SIAM J. Matrix Anal. Appl. 17(4), 1996;
 * presentation following Davis, "Direct Methods for Sparse Linear Systems", SIAM 2006, §7.1).
 *
 * Elimination is simulated on a quotient graph instead of the filled graph, so memory stays O(nnz):
 * eliminated nodes become "elements" (cliques stored as their variable list), an element reachable
 * from a newer one is absorbed, and indistinguishable variables merge into supervariables found by
 * hashing. Degrees are upper bounds |Le \ Lk| summed over elements rather than exact counts, which is
 * what makes each step cost about the size of the new element instead of a full graph search.
 *
 * Storage conventions shared by all phases (arrays of length n+1; slot n is a pseudo-element that
 * adopts dense nodes so they are ordered last):
 *  - iw[ptr[i] ..]: for a variable, its elements (first elen[i] entries) then its variables;
 *    for an element, its variables. len[i] is the total length.
 *  - nv[i]: supervariable size (0 once absorbed, negative while i is inside the current element).
 *  - elen[i]: number of elements adjacent to variable i; -1 absorbed variable, -2 element.
 *  - ptr[i] = flip(parent) once i is absorbed, building the assembly tree we postorder at the end.
 *  - w[e]: per-element scratch for |Le \ Lk|, valid when >= mark; 0 marks a dead element.
 */

const flip = (i: number): number => -i - 2;
/** Keeps the per-element marks inside Int32 range; cheaper than clearing w every step. */
const MARK_LIMIT = 0x3fffffff;

/**
 * @param adjPtr/adjIdx symmetric adjacency of n nodes: both (i,j) and (j,i) present, no self-loops,
 *   no duplicates (the pattern of A+Aᵀ without its diagonal).
 * @returns perm[k] = the node eliminated k-th.
 */
export function amdOrder(n: number, adjPtr: Int32Array, adjIdx: Int32Array): Int32Array {
  if (n === 0) return new Int32Array(0);
  const nnz = adjPtr[n];
  // Elbow room lets new elements be appended without compaction on most steps.
  const capacity = nnz + Math.floor(nnz / 5) + 2 * n;
  let iw = new Int32Array(Math.max(capacity, 1));
  iw.set(adjIdx.subarray(0, nnz));

  const ptr = new Int32Array(n + 1);
  const len = new Int32Array(n + 1);
  const nv = new Int32Array(n + 1);
  const next = new Int32Array(n + 1);
  const last = new Int32Array(n + 1);
  const head = new Int32Array(n + 1);
  const elen = new Int32Array(n + 1);
  const degree = new Int32Array(n + 1);
  const w = new Int32Array(n + 1);
  const hashHead = new Int32Array(n + 1);

  // Dense rows would make every step O(n); like AMD proper, defer them to the very end.
  const dense = Math.min(n - 2, Math.max(16, Math.floor(10 * Math.sqrt(n))));

  for (let i = 0; i < n; i++) {
    ptr[i] = adjPtr[i];
    len[i] = adjPtr[i + 1] - adjPtr[i];
  }
  len[n] = 0;
  for (let i = 0; i <= n; i++) {
    head[i] = -1;
    last[i] = -1;
    next[i] = -1;
    hashHead[i] = -1;
    nv[i] = 1;
    w[i] = 1;
    elen[i] = 0;
    degree[i] = len[i];
  }
  let mark = clearMarks(0, 0, w, n);
  elen[n] = -2;
  ptr[n] = -1;
  w[n] = 0;

  let eliminated = 0;
  for (let i = 0; i < n; i++) {
    const d = degree[i];
    if (d === 0) {
      // Isolated node: an element with nothing to absorb, i.e. a root of the assembly tree.
      elen[i] = -2;
      eliminated++;
      ptr[i] = -1;
      w[i] = 0;
    } else if (d > dense) {
      nv[i] = 0;
      elen[i] = -1;
      eliminated++;
      ptr[i] = flip(n);
      nv[n]++;
    } else {
      if (head[d] !== -1) last[head[d]] = i;
      next[i] = head[d];
      head[d] = i;
    }
  }

  let mindeg = 0;
  let lemax = 0;
  let used = nnz; // iw[used ..] is free

  while (eliminated < n) {
    // ---- pick a variable of minimum approximate degree
    // A variable remains while eliminated < n, and degrees stay below n, so this scan terminates.
    let k = head[mindeg];
    while (k === -1) k = head[++mindeg];
    if (next[k] !== -1) last[next[k]] = -1;
    head[mindeg] = next[k];
    const elenk = elen[k];
    let nvk = nv[k];
    eliminated += nvk;

    // ---- compact iw if the new element might not fit after `used`
    if (elenk > 0 && used + mindeg >= iw.length) {
      used = compact(n, iw, ptr, len, used);
      // The elbow room makes this unreachable in theory; growing beats silently dropping writes.
      if (used + mindeg >= iw.length) {
        const bigger = new Int32Array(2 * (used + mindeg) + 1);
        bigger.set(iw.subarray(0, used));
        iw = bigger;
      }
    }

    // ---- form element Lk = (variables of k) ∪ (variables of k's elements), absorbing those elements
    let dk = 0;
    nv[k] = -nvk;
    let p = ptr[k];
    const pk1 = elenk === 0 ? p : used; // in place when k has no elements: Lk ⊆ its own list
    let pk2 = pk1;
    for (let k1 = 1; k1 <= elenk + 1; k1++) {
      let e: number;
      let pj: number;
      let ln: number;
      if (k1 > elenk) {
        e = k;
        pj = p;
        ln = len[k] - elenk;
      } else {
        e = iw[p++];
        pj = ptr[e];
        ln = len[e];
      }
      for (let k2 = 1; k2 <= ln; k2++) {
        const i = iw[pj++];
        const nvi = nv[i];
        if (nvi <= 0) continue; // dead, or already in Lk
        dk += nvi;
        nv[i] = -nvi;
        iw[pk2++] = i;
        // unlink i from its degree list: its degree is about to change
        if (next[i] !== -1) last[next[i]] = last[i];
        if (last[i] !== -1) next[last[i]] = next[i];
        else head[degree[i]] = next[i];
      }
      if (e !== k) {
        ptr[e] = flip(k);
        w[e] = 0;
      }
    }
    if (elenk !== 0) used = pk2;
    degree[k] = dk;
    ptr[k] = pk1;
    len[k] = pk2 - pk1;
    elen[k] = -2;

    // ---- scan 1: w[e] - mark = |Le \ Lk| for every element e adjacent to Lk
    mark = clearMarks(mark, lemax, w, n);
    for (let pk = pk1; pk < pk2; pk++) {
      const i = iw[pk];
      const eln = elen[i];
      if (eln <= 0) continue;
      const nvi = -nv[i];
      const wnvi = mark - nvi;
      for (let q = ptr[i], qEnd = ptr[i] + eln; q < qEnd; q++) {
        const e = iw[q];
        if (w[e] >= mark) w[e] -= nvi;
        else if (w[e] !== 0) w[e] = degree[e] + wnvi; // first sighting of a live element
      }
    }

    // ---- scan 2: approximate degrees, pruning, aggressive absorption, hashing for supervariables
    for (let pk = pk1; pk < pk2; pk++) {
      const i = iw[pk];
      const p1 = ptr[i];
      const p2 = p1 + elen[i] - 1;
      let pn = p1;
      let h = 0;
      let d = 0;
      for (let q = p1; q <= p2; q++) {
        const e = iw[q];
        if (w[e] === 0) continue;
        const dext = w[e] - mark;
        if (dext > 0) {
          d += dext;
          iw[pn++] = e;
          h += e;
        } else {
          // Le ⊆ Lk: e carries no information beyond k any more.
          ptr[e] = flip(k);
          w[e] = 0;
        }
      }
      elen[i] = pn - p1 + 1; // +1 for k, inserted below
      const p3 = pn;
      const p4 = p1 + len[i];
      for (let q = p2 + 1; q < p4; q++) {
        const j = iw[q];
        const nvj = nv[j];
        if (nvj <= 0) continue; // dead, or in Lk (covered by element k now)
        d += nvj;
        iw[pn++] = j;
        h += j;
      }
      if (d === 0) {
        // Mass elimination: i is adjacent to nothing but k, so it is eliminated along with k.
        ptr[i] = flip(k);
        const nvi = -nv[i];
        dk -= nvi;
        nvk += nvi;
        eliminated += nvi;
        nv[i] = 0;
        elen[i] = -1;
      } else {
        if (d < degree[i]) degree[i] = d;
        // Put k first among i's elements: move the first variable to the end, first element to p3.
        iw[pn] = iw[p3];
        iw[p3] = iw[p1];
        iw[p1] = k;
        len[i] = pn - p1 + 1;
        h %= n;
        next[i] = hashHead[h];
        hashHead[h] = i;
        last[i] = h; // last[] doubles as the hash key until i re-enters a degree list
      }
    }
    degree[k] = dk;
    if (dk > lemax) lemax = dk;
    mark = clearMarks(mark + lemax, lemax, w, n);

    // ---- supervariable detection: same hash bucket, same length, same adjacency ⇒ merge
    for (let pk = pk1; pk < pk2; pk++) {
      let i = iw[pk];
      if (nv[i] >= 0) continue;
      const h = last[i];
      i = hashHead[h];
      hashHead[h] = -1;
      for (; i !== -1 && next[i] !== -1; i = next[i], mark++) {
        const ln = len[i];
        const eln = elen[i];
        const qEnd = ptr[i] + ln;
        for (let q = ptr[i] + 1; q < qEnd; q++) w[iw[q]] = mark;
        let jlast = i;
        for (let j = next[i]; j !== -1; ) {
          let same = len[j] === ln && elen[j] === eln;
          const rEnd = ptr[j] + ln;
          for (let q = ptr[j] + 1; same && q < rEnd; q++) {
            if (w[iw[q]] !== mark) same = false;
          }
          if (same) {
            ptr[j] = flip(i);
            nv[i] += nv[j];
            nv[j] = 0;
            elen[j] = -1;
            j = next[j];
            next[jlast] = j;
          } else {
            jlast = j;
            j = next[j];
          }
        }
      }
    }

    // ---- finalize Lk: restore sizes, add |Lk| to external degrees, re-insert into degree lists
    let pOut = pk1;
    for (let pk = pk1; pk < pk2; pk++) {
      const i = iw[pk];
      const nvi = -nv[i];
      if (nvi <= 0) continue;
      nv[i] = nvi;
      let d = degree[i] + dk - nvi;
      const bound = n - eliminated - nvi;
      if (bound < d) d = bound;
      if (head[d] !== -1) last[head[d]] = i;
      next[i] = head[d];
      last[i] = -1;
      head[d] = i;
      if (d < mindeg) mindeg = d;
      degree[i] = d;
      iw[pOut++] = i;
    }
    nv[k] = nvk;
    len[k] = pOut - pk1;
    if (len[k] === 0) {
      ptr[k] = -1; // root of the assembly tree
      w[k] = 0;
    }
    if (elenk !== 0) used = pOut;
  }

  return postorder(n, ptr, nv, head, next, w);
}

/**
 * Resets the marks when they would leave Int32 range. After this, w[e] < mark for every element,
 * which is the precondition of scan 1.
 */
function clearMarks(mark: number, lemax: number, w: Int32Array, n: number): number {
  if (mark < 2 || mark + lemax >= MARK_LIMIT) {
    for (let k = 0; k < n; k++) if (w[k] !== 0) w[k] = 1;
    return 2;
  }
  return mark;
}

/**
 * Squeezes dead lists out of iw. Each live object's first entry is swapped for flip(owner) so a single
 * left-to-right sweep can recognise where objects start.
 */
function compact(n: number, iw: Int32Array, ptr: Int32Array, len: Int32Array, used: number): number {
  for (let j = 0; j < n; j++) {
    const p = ptr[j];
    if (p >= 0) {
      ptr[j] = iw[p];
      iw[p] = flip(j);
    }
  }
  let q = 0;
  for (let p = 0; p < used; ) {
    const j = flip(iw[p++]);
    if (j < 0) continue;
    iw[q] = ptr[j];
    ptr[j] = q++;
    for (let t = 0; t < len[j] - 1; t++) iw[q++] = iw[p++];
  }
  return q;
}

/**
 * Orders variables by a postorder of the assembly tree: children before parents keeps each subtree's
 * elimination contiguous (better locality in the factor) and never changes the fill.
 * Reuses head/next/w as the tree's child lists and DFS stack.
 */
function postorder(
  n: number,
  ptr: Int32Array,
  nv: Int32Array,
  head: Int32Array,
  next: Int32Array,
  stack: Int32Array,
): Int32Array {
  for (let i = 0; i < n; i++) ptr[i] = flip(ptr[i]); // parent links, -1 for roots
  head.fill(-1);
  // Absorbed variables first, then elements, each list built back-to-front so children stay ascending.
  for (let j = n; j >= 0; j--) {
    if (nv[j] > 0) continue;
    next[j] = head[ptr[j]];
    head[ptr[j]] = j;
  }
  for (let e = n; e >= 0; e--) {
    if (nv[e] <= 0) continue;
    if (ptr[e] !== -1) {
      next[e] = head[ptr[e]];
      head[ptr[e]] = e;
    }
  }
  const post = new Int32Array(n + 1);
  let k = 0;
  for (let root = 0; root <= n; root++) {
    if (ptr[root] !== -1) continue;
    let top = 0;
    stack[0] = root;
    while (top >= 0) {
      const p = stack[top];
      const child = head[p];
      if (child === -1) {
        top--;
        post[k++] = p;
      } else {
        head[p] = next[child];
        stack[++top] = child;
      }
    }
  }
  // The pseudo-element n is a root visited last, so it lands at post[n] and the rest is the order.
  return post.slice(0, n);
}
