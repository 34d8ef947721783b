/**
 * Code 128, code set B (ISO/IEC 15417): printable ASCII (32–126) as bars, for the old-part tags
 * (旧件标签) a scanner at the manufacturer's parts return reads. No dependency: the symbol table
 * is the standard one, each entry the widths (in modules) of bar, space, bar, space, bar, space.
 */
export const PATTERNS = [
  '212222',
  '222122',
  '222221',
  '121223',
  '121322',
  '131222',
  '122213',
  '122312',
  '132212',
  '221213', // 0–9
  '221312',
  '231212',
  '112232',
  '122132',
  '122231',
  '113222',
  '123122',
  '123221',
  '223211',
  '221132', // 10–19
  '221231',
  '213212',
  '223112',
  '312131',
  '311222',
  '321122',
  '321221',
  '312212',
  '322112',
  '322211', // 20–29
  '212123',
  '212321',
  '232121',
  '111323',
  '131123',
  '131321',
  '112313',
  '132113',
  '132311',
  '211313', // 30–39
  '231113',
  '231311',
  '112133',
  '112331',
  '132131',
  '113123',
  '113321',
  '133121',
  '313121',
  '211331', // 40–49
  '231131',
  '213113',
  '213311',
  '213131',
  '311123',
  '311321',
  '331121',
  '312113',
  '312311',
  '332111', // 50–59
  '314111',
  '221411',
  '431111',
  '111224',
  '111422',
  '121124',
  '121421',
  '141122',
  '141221',
  '112214', // 60–69
  '112412',
  '122114',
  '122411',
  '142112',
  '142211',
  '241211',
  '221114',
  '413111',
  '241112',
  '134111', // 70–79
  '111242',
  '121142',
  '121241',
  '114212',
  '124112',
  '124211',
  '411212',
  '421112',
  '421211',
  '212141', // 80–89
  '214121',
  '412121',
  '111143',
  '111341',
  '131141',
  '114113',
  '114311',
  '411113',
  '411311',
  '113141', // 90–99
  '114131',
  '311141',
  '411131',
  '211412',
  '211214',
  '211232',
  '2331112', // 100–105, 106 = stop
] as const;

export const START_B = 104;
export const STOP = 106;
/** Blank modules required on each side so a scanner finds the start and the stop. */
export const QUIET_ZONE = 10;

export interface Code128 {
  /** Symbol values: start B, the characters, the check symbol, stop. */
  values: number[];
  /** Alternating bar/space widths in modules, starting with a bar (quiet zones not included). */
  widths: number[];
  /** Width of the symbol in modules, quiet zones not included. */
  modules: number;
}

/** The check symbol: start value plus each character's value times its position, modulo 103. */
export function checkValue(values: readonly number[]): number {
  return values.reduce((sum, v, i) => sum + v * Math.max(i, 1), 0) % 103;
}

/** Encodes text in code set B; refuses characters outside printable ASCII. */
export function encode128B(text: string): Code128 {
  const data = [...text].map((ch) => {
    const code = ch.charCodeAt(0);
    if (ch.length !== 1 || code < 32 || code > 126) throw new Error(`Code 128-B cannot encode ${JSON.stringify(ch)}`);
    return code - 32;
  });
  const body = [START_B, ...data];
  const values = [...body, checkValue(body), STOP];
  const widths = values.flatMap((v) => [...PATTERNS[v]!].map(Number));
  return { values, widths, modules: widths.reduce((a, b) => a + b, 0) };
}

/** The bars as rectangles (x and width in modules), for an SVG with a quiet zone on each side. */
export function bars(text: string): { x: number; w: number }[] {
  const { widths } = encode128B(text);
  const out: { x: number; w: number }[] = [];
  let x = QUIET_ZONE;
  widths.forEach((w, i) => {
    if (i % 2 === 0) out.push({ x, w });
    x += w;
  });
  return out;
}
