// ANSI colour for terminals: used only when Io.colour is set, and always beside the colour word,
// so meaning never depends on colour alone.
import type { Colour } from '../core/index'

const CODES: Record<Colour | 'dim' | 'bold', [number, number]> = {
  green: [32, 39], amber: [33, 39], red: [31, 39], dim: [2, 22], bold: [1, 22],
}

/** Wraps `text` in the ANSI codes of `style` when `on`, else returns it as is. */
export const paint = (on: boolean, style: keyof typeof CODES, text: string): string =>
  on ? `\x1b[${CODES[style][0]}m${text}\x1b[${CODES[style][1]}m` : text
