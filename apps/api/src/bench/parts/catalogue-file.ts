/**
 * Made-up but plausible catalogue rows for the parts benchmark: part numbers by component group,
 * Chinese and English names (position + component + series), a category, a price in yuan and one
 * to three of 40 models. Deterministic: row i is always the same part.
 */
export const COMPONENTS: readonly (readonly [code: string, zh: string, en: string])[] = [
  ['BRK', '制动片', 'brake pad'],
  ['BRD', '制动盘', 'brake disc'],
  ['FLT', '机油滤清器', 'oil filter'],
  ['AFL', '空气滤清器', 'air filter'],
  ['SEL', '油封', 'oil seal'],
  ['BRG', '轴承', 'bearing'],
  ['SHK', '减震器', 'shock absorber'],
  ['SPK', '火花塞', 'spark plug'],
  ['WPR', '雨刮片', 'wiper blade'],
  ['HLP', '大灯总成', 'headlamp assembly'],
  ['TLP', '尾灯', 'tail lamp'],
  ['WTP', '水泵', 'water pump'],
  ['HYP', '液压泵', 'hydraulic pump'],
  ['SNS', '压力传感器', 'pressure sensor'],
  ['BLT', '传动皮带', 'drive belt'],
  ['CLT', '离合器片', 'clutch plate'],
  ['RAD', '散热器', 'radiator'],
  ['HRN', '喇叭', 'horn'],
  ['LCK', '门锁', 'door lock'],
  ['WRG', '玻璃升降器', 'window regulator'],
];
export const POSITIONS: readonly (readonly [zh: string, en: string])[] = [
  ['前', 'front'],
  ['后', 'rear'],
  ['左', 'left'],
  ['右', 'right'],
  ['上', 'upper'],
  ['下', 'lower'],
  ['内', 'inner'],
  ['外', 'outer'],
];
export const MODELS = Array.from({ length: 40 }, (_, i) => `${['ZL', 'LG', 'XG', 'SD'][i % 4]}${30 + i * 5}`);
const CATEGORIES = ['COMMON', 'MAINTENANCE', 'CORE', 'ACCIDENT', 'NON_WEARING'] as const;

export interface BenchPart {
  partNumber: string;
  nameZh: string;
  nameEn: string;
  category: string;
  priceYuan: string;
  models: string[];
}

export function benchPart(i: number): BenchPart {
  const [code, zh, en] = COMPONENTS[i % COMPONENTS.length]!;
  const [pzh, pen] = POSITIONS[Math.floor(i / COMPONENTS.length) % POSITIONS.length]!;
  const series = 1 + (Math.floor(i / (COMPONENTS.length * POSITIONS.length)) % 300);
  const m = (i * 7) % MODELS.length;
  return {
    partNumber: `${code}-${String(i).padStart(6, '0')}`,
    nameZh: `${pzh}${zh}${series}型`,
    nameEn: `${pen} ${en} type ${series}`,
    category: CATEGORIES[i % CATEGORIES.length]!,
    priceYuan: `${1 + ((i * 37) % 5000)}.${String((i * 13) % 100).padStart(2, '0')}`,
    models: [MODELS[m]!, ...(i % 2 ? [MODELS[(m + 11) % MODELS.length]!] : []), ...(i % 3 === 0 ? [MODELS[(m + 23) % MODELS.length]!] : [])],
  };
}

function csvCell(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A catalogue CSV of parts `from`…`from + n - 1`, with the Chinese headers. */
export function catalogueCsv(from: number, n: number): string {
  const lines = ['零件号,中文名称,英文名称,单位,类别,价格（元）,适用车型'];
  for (let i = from; i < from + n; i++) {
    const p = benchPart(i);
    lines.push([p.partNumber, p.nameZh, p.nameEn, 'PCS', p.category, p.priceYuan, p.models.join(';')].map(csvCell).join(','));
  }
  return lines.join('\r\n') + '\r\n';
}
