/** Minimal ANSI styling; every function is the identity when color is off. */

export type Style = 'bold' | 'dim' | 'red' | 'brightRed' | 'yellow' | 'green' | 'cyan' | 'magenta' | 'gray';

const CODES: Readonly<Record<Style, [number, number]>> = {
  bold: [1, 22],
  dim: [2, 22],
  red: [31, 39],
  brightRed: [91, 39],
  yellow: [33, 39],
  green: [32, 39],
  cyan: [36, 39],
  magenta: [35, 39],
  gray: [90, 39],
};

export type Paint = (text: string, ...styles: Style[]) => string;

/** Apply styles to already-sanitized text. */
export function createPaint(color: boolean): Paint {
  if (!color) return (text) => text;
  return (text, ...styles) =>
    styles.reduceRight(
      (inner, style) => `\u001b[${CODES[style][0]}m${inner}\u001b[${CODES[style][1]}m`,
      text,
    );
}

/** Whether a CLI should color its output: a TTY, and NO_COLOR unset or empty (no-color.org). */
export function shouldColor(env: NodeJS.ProcessEnv, isTTY: boolean): boolean {
  const noColor = env.NO_COLOR;
  if (noColor !== undefined && noColor !== '') return false;
  return isTTY;
}
