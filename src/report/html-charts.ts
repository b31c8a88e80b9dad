import { escapeHtml as h } from './html-escape.ts';

/**
 * Inline SVG charts: no external assets, no script. Labels are escaped (they may come from a
 * loaded results file); colors are CSS custom-property names chosen by the caller, never data.
 */

export interface ChartItem {
  label: string;
  value: number;
  /** A CSS color token from the report palette, e.g. 'var(--open)'. */
  color: string;
}

const SAFE_COLOR = /^(var\(--[a-z-]+\)|#[0-9a-f]{3,8})$/i;

function color(value: string): string {
  return SAFE_COLOR.test(value) ? value : 'var(--none)';
}

/** Horizontal bars, one per item, labelled with the value. */
export function barChart(items: readonly ChartItem[], title: string): string {
  const shown = items.filter((i) => i.value > 0);
  if (shown.length === 0) return '<p class="empty">Nothing to chart.</p>';
  const max = Math.max(...shown.map((i) => i.value));
  const labelW = 130;
  const barW = 200;
  const rowH = 26;
  const height = shown.length * rowH + 4;
  const rows = shown.map((item, i) => {
    const y = i * rowH + 2;
    const w = Math.max(2, Math.round((item.value / max) * barW));
    return (
      `<text x="${labelW - 8}" y="${y + 16}" text-anchor="end">${h(item.label)}</text>` +
      `<rect x="${labelW}" y="${y + 3}" width="${w}" height="${rowH - 8}" rx="3" fill="${color(item.color)}"/>` +
      `<text x="${labelW + w + 6}" y="${y + 16}" class="muted">${item.value}</text>`
    );
  });
  const width = labelW + barW + 40;
  return `<svg viewBox="0 0 ${width} ${height}" role="img" aria-label="${h(title)}" xmlns="http://www.w3.org/2000/svg">${rows.join('')}</svg>`;
}

/** A donut of shares with a legend; the total sits in the middle. */
export function donutChart(items: readonly ChartItem[], title: string, centerLabel: string): string {
  const total = items.reduce((n, i) => n + Math.max(0, i.value), 0);
  const r = 60;
  const stroke = 26;
  const c = 2 * Math.PI * r;
  const cx = 80;
  const cy = 80;
  let offset = 0;
  const arcs =
    total === 0
      ? [`<circle cx="${cx}" cy="${cy}" r="${r}" fill="none" stroke="var(--line)" stroke-width="${stroke}"/>`]
      : items
          .filter((i) => i.value > 0)
          .map((item) => {
            const len = (item.value / total) * c;
            const arc = `<circle cx="${cx}" cy="${cy}" r="${r}" fill="none" stroke="${color(item.color)}" stroke-width="${stroke}" stroke-dasharray="${len.toFixed(2)} ${(c - len).toFixed(2)}" stroke-dashoffset="${(-offset).toFixed(2)}" transform="rotate(-90 ${cx} ${cy})"/>`;
            offset += len;
            return arc;
          });
  const legend = items.map(
    (item, i) =>
      `<rect x="190" y="${i * 24 + 14}" width="12" height="12" rx="2" fill="${color(item.color)}"/>` +
      `<text x="210" y="${i * 24 + 24}">${h(item.label)}</text>` +
      `<text x="330" y="${i * 24 + 24}" text-anchor="end" class="muted">${item.value}</text>`,
  );
  const height = Math.max(165, items.length * 24 + 20);
  return (
    `<svg viewBox="0 0 360 ${height}" role="img" aria-label="${h(title)}" xmlns="http://www.w3.org/2000/svg">` +
    arcs.join('') +
    `<text x="${cx}" y="${cy + 2}" text-anchor="middle" class="big">${total}</text>` +
    `<text x="${cx}" y="${cy + 20}" text-anchor="middle" class="muted">${h(centerLabel)}</text>` +
    legend.join('') +
    '</svg>'
  );
}
