/** A confusion matrix as an SVG heat map (rows: true class, columns: predicted class, cells: counts). */

function escape(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}

export function confusionSvg(title: string, confusion: readonly (readonly number[])[], labels?: readonly string[]): string {
  const k = confusion.length;
  const cell = Math.max(28, Math.min(56, Math.floor(480 / Math.max(1, k))));
  const m = { l: 70, t: 50, r: 20, b: 60 };
  const W = m.l + k * cell + m.r;
  const H = m.t + k * cell + m.b;
  const name = (i: number) => labels?.[i] ?? String(i);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${W / 2}" y="22" text-anchor="middle" font-size="15">${escape(title)}</text>`,
  ];
  for (let i = 0; i < k; i++) {
    const total = confusion[i].reduce((a, b) => a + b, 0);
    for (let j = 0; j < k; j++) {
      const v = confusion[i][j];
      // Shade by the fraction of the true class: the diagonal is recall, off-diagonal cells are confusions.
      const f = total > 0 ? v / total : 0;
      const shade = Math.round(255 * (1 - f));
      const x = m.l + j * cell;
      const y = m.t + i * cell;
      parts.push(`<rect x="${x}" y="${y}" width="${cell}" height="${cell}" fill="rgb(${shade},${shade},255)" stroke="#ccc"/>`);
      parts.push(`<text x="${x + cell / 2}" y="${y + cell / 2 + 4}" text-anchor="middle" fill="${f > 0.5 ? 'white' : 'black'}">${v}</text>`);
    }
    parts.push(`<text x="${m.l - 6}" y="${m.t + i * cell + cell / 2 + 4}" text-anchor="end">${escape(name(i))}</text>`);
    parts.push(`<text x="${m.l + i * cell + cell / 2}" y="${m.t + k * cell + 16}" text-anchor="middle">${escape(name(i))}</text>`);
  }
  parts.push(`<text x="${m.l + (k * cell) / 2}" y="${H - 14}" text-anchor="middle">predicted class</text>`);
  parts.push(`<text transform="translate(18 ${m.t + (k * cell) / 2}) rotate(-90)" text-anchor="middle">true class</text>`);
  parts.push('</svg>');
  return parts.join('\n');
}
