/**
 * A catalogue file's rows as parts: which header names which column, and one row checked into the
 * values to store or the reasons it is refused. Pure (no I/O), so the service and its test share it.
 */
import { DomainError, InputCheck, type FieldProblem, type ReasonCode } from '@asn/domain';
import { checkPart } from '../catalogue.service.js';

/** The columns of a catalogue file (codes: the GraphQL API and the portal name them so). */
export const IMPORT_COLUMNS = ['partNumber', 'nameZh', 'nameEn', 'unit', 'category', 'listPrice', 'models'] as const;
export type ImportColumn = (typeof IMPORT_COLUMNS)[number];
export const REQUIRED_COLUMNS: readonly ImportColumn[] = ['partNumber', 'nameZh', 'category', 'listPrice'];

/**
 * The headers each column is recognised by: its code, and the Chinese labels a catalogue in a
 * spreadsheet uses. Compared after lower-casing and removing spaces, `_`, `-` and a bracketed
 * note (价格（元） is 价格). docs/parts.md lists them.
 */
export const HEADER_NAMES: Record<ImportColumn, readonly string[]> = {
  partNumber: ['partnumber', 'partno', 'number', '零件号', '配件号', '零件编号', '配件编号', '零件编码', '配件编码', '物料号'],
  nameZh: ['namezh', 'name', '中文名称', '名称', '零件名称', '配件名称', '品名'],
  nameEn: ['nameen', 'englishname', '英文名称', '英文名'],
  unit: ['unit', '单位', '计量单位'],
  category: ['category', '类别', '分类', '配件类别', '零件类别'],
  listPrice: ['listprice', 'price', '价格', '单价', '指导价', '目录价', '零售价', '建议零售价'],
  models: ['models', 'model', 'fits', '适用车型', '车型'],
};

const BY_HEADER = new Map<string, ImportColumn>(IMPORT_COLUMNS.flatMap((c) => HEADER_NAMES[c].map((h) => [h, c] as const)));

export function normalizeHeader(h: string): string {
  return h
    .replace(/[（(][^）)]*[）)]/g, '')
    .toLowerCase()
    .replace(/[\s_\-\u3000]+/g, '');
}

/** Column positions from the header row; the required columns the file lacks. */
export function readHeader(cells: readonly string[]): { at: Partial<Record<ImportColumn, number>>; missing: ImportColumn[] } {
  const at: Partial<Record<ImportColumn, number>> = {};
  cells.forEach((cell, i) => {
    const column = BY_HEADER.get(normalizeHeader(cell ?? ''));
    if (column && at[column] === undefined) at[column] = i;
  });
  return { at, missing: REQUIRED_COLUMNS.filter((c) => at[c] === undefined) };
}

/** The part categories by their Chinese names (the codes are accepted as they are). */
export const CATEGORY_NAMES: Record<string, string> = {
  常用件: 'COMMON',
  保养件: 'MAINTENANCE',
  核心件: 'CORE',
  事故件: 'ACCIDENT',
  非易损件: 'NON_WEARING',
};

/** Units by their Chinese names (the codes PCS, SET, PAIR, L, KG, M are accepted as they are). */
const UNIT_NAMES: Record<string, string> = { 个: 'PCS', 件: 'PCS', 只: 'PCS', 套: 'SET', 对: 'PAIR', 副: 'PAIR', 升: 'L', 千克: 'KG', 公斤: 'KG', 米: 'M' };

/** A price in yuan as written ("1280", "1,280.00", "¥12.5") in fen, from the text: never through a float. */
export function yuanToMinor(text: string): bigint | null {
  const t = text
    .trim()
    .replace(/^[¥￥]/, '')
    .replace(/,/g, '');
  const m = /^(\d{1,13})(?:\.(\d{1,2}))?$/.exec(t);
  if (!m) return null;
  return BigInt(m[1]!) * 100n + BigInt((m[2] ?? '').padEnd(2, '0'));
}

/** One problem of a bad row: the column, a catalogued reason and its parameters. */
export interface RowProblem {
  column: ImportColumn;
  reason: ReasonCode | null;
  params: Record<string, unknown>;
}

export interface GoodRow {
  partNumber: string;
  nameZh: string;
  nameEn: string | null;
  unit: string;
  category: string;
  listPriceMinor: string;
  models: string[];
}

const FIELD_COLUMN: Record<string, ImportColumn> = {
  partNumber: 'partNumber',
  nameZh: 'nameZh',
  nameEn: 'nameEn',
  unit: 'unit',
  category: 'category',
  listPriceMinor: 'listPrice',
};

/** A data row: the part to store, or its problems. */
export function checkRow(
  cells: readonly string[],
  at: Partial<Record<ImportColumn, number>>,
): { part: GoodRow } | { problems: RowProblem[]; partNumber: string } {
  const cell = (c: ImportColumn) => (at[c] === undefined ? '' : (cells[at[c]] ?? '').trim());
  const problems: RowProblem[] = [];
  const priceText = cell('listPrice');
  const price = yuanToMinor(priceText);
  if (price === null)
    problems.push(
      priceText === ''
        ? { column: 'listPrice', reason: 'REQUIRED', params: {} }
        : { column: 'listPrice', reason: 'NOT_A_NUMBER', params: { value: priceText, decimals: 2 } },
    );
  const category = cell('category');
  const unit = cell('unit');
  const check = new InputCheck();
  const values = checkPart(check, 'row', {
    partNumber: cell('partNumber'),
    nameZh: cell('nameZh'),
    nameEn: cell('nameEn'),
    unit: UNIT_NAMES[unit] ?? unit,
    category: CATEGORY_NAMES[category] ?? category,
    listPriceMinor: String(price ?? 0n),
    models: cell('models').split(/[;；|]/),
  });
  try {
    check.done();
  } catch (e) {
    if (!(e instanceof DomainError)) throw e;
    for (const p of (e.details?.problems ?? []) as FieldProblem[]) {
      const column = FIELD_COLUMN[p.field.replace(/^row\./, '')] ?? 'partNumber';
      // the value as written in the file (the check saw the code a Chinese name stands for)
      const params = { ...(p.params ?? {}) } as Record<string, unknown>;
      if ('value' in params && (column === 'category' || column === 'unit')) params.value = cell(column);
      problems.push({ column, reason: p.reason ?? null, params });
    }
  }
  if (problems.length) return { problems, partNumber: cell('partNumber') };
  return {
    part: {
      partNumber: values.partNumber,
      nameZh: values.nameZh,
      nameEn: values.nameEn,
      unit: values.unit,
      category: values.category,
      listPriceMinor: values.listPriceMinor,
      models: values.models,
    },
  };
}
