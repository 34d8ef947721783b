/**
 * The 业务统计表 as an .xlsx built in the browser with exceljs, loaded only when the user asks for
 * the file (the page stays light). One sheet: a title row, the dealer, the period and when it was
 * made, then the report's rows with numbers as numbers — money in yuan with two decimals, rates as
 * percentages, durations in hours — and 样本不足 in words where a sample is too small.
 */
import type { Translate } from '$lib/i18n';
import type { Cell, ReportRow, ReportSection } from './report';

export interface XlsxReport {
  title: string;
  dealer: string;
  period: string;
  printedAt: string;
  fileName: string;
  /** A daily report has the day before beside it. */
  withPrevious: boolean;
  sections: ReportSection[];
  /** A month's repair volume per day. */
  daily: Array<{ label: string; value: number | null }> | null;
}

const MONEY = '"¥"#,##0.00';
const RATE = '0.0%';
const HOURS = '#,##0.0';
const COUNT = '#,##0';

/** A number and its format for a cell of a row, or text (样本不足, —). */
function excelValue(t: Translate, unit: string, c: Cell | null): { value: number | string; numFmt?: string } {
  if (!c || (c.value == null && !c.tooFew)) return { value: '—' };
  if (c.tooFew || c.value == null) return { value: t('rpt.tooFew') };
  switch (unit) {
    case 'MONEY_MINOR':
      return { value: Math.round(c.value) / 100, numFmt: MONEY };
    case 'RATIO':
      return { value: c.value, numFmt: RATE };
    case 'MINUTES':
      return { value: Math.round((c.value / 60) * 10) / 10, numFmt: HOURS };
    case 'DAYS':
      return { value: c.value, numFmt: HOURS };
    default:
      return { value: c.value, numFmt: Number.isInteger(c.value) ? COUNT : '#,##0.0' };
  }
}

/** The row's label in the sheet: durations say their unit (hours) there. */
function excelLabel(t: Translate, row: ReportRow): string {
  const unit = row.unit === 'MINUTES' ? t('rpt.unit.hours') : row.unit === 'DAYS' ? t('rpt.unit.days') : null;
  return unit ? t('rpt.withUnit', { name: row.label, unit }) : row.label;
}

/** Builds the workbook and hands it to the browser as a download. */
export async function downloadReportXlsx(t: Translate, r: XlsxReport): Promise<void> {
  const mod = await import('exceljs');
  const ExcelJS = ((mod as unknown as { default?: typeof mod }).default ?? mod) as typeof mod;
  const wb = new ExcelJS.Workbook();
  wb.created = new Date();
  const ws = wb.addWorksheet(t('rpt.sheet'), { pageSetup: { paperSize: 9, orientation: 'portrait', fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  const headers = [
    t('rpt.col.figure'),
    t('rpt.col.own'),
    ...(r.withPrevious ? [t('rpt.col.previous')] : []),
    t('rpt.col.network'),
    t('rpt.col.target'),
    t('rpt.col.judgement'),
  ];
  const width = headers.length;
  ws.columns = headers.map((_, i) => ({ width: i === 0 ? 34 : 16 }));

  const title = ws.addRow([r.title]);
  ws.mergeCells(title.number, 1, title.number, width);
  title.font = { bold: true, size: 16 };
  title.alignment = { horizontal: 'center' };
  for (const line of [t('rpt.xlsx.dealer', { name: r.dealer }), t('rpt.xlsx.period', { period: r.period }), t('rpt.xlsx.printedAt', { at: r.printedAt })]) {
    const row = ws.addRow([line]);
    ws.mergeCells(row.number, 1, row.number, width);
  }
  ws.addRow([]);

  const head = ws.addRow(headers);
  head.font = { bold: true };
  head.eachCell((c) => {
    c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF7' } };
    c.border = { bottom: { style: 'thin' } };
  });
  for (const section of r.sections) {
    const s = ws.addRow([section.title]);
    ws.mergeCells(s.number, 1, s.number, width);
    s.font = { bold: true };
    for (const row of section.rows) {
      const cells = [
        excelValue(t, row.unit, row.own),
        ...(r.withPrevious ? [excelValue(t, row.unit, row.previous)] : []),
        excelValue(t, row.unit, row.network),
      ];
      const target = row.target == null ? { value: '—' } : excelValue(t, row.unit, { value: row.target, tooFew: false });
      const judgement = row.judgement === 'MEETS' || row.judgement === 'BELOW' ? t(`rpt.judgement.${row.judgement}`) : '—';
      const x = ws.addRow([excelLabel(t, row), ...cells.map((c) => c.value), target.value, judgement]);
      [...cells, target].forEach((c, i) => {
        const cell = x.getCell(i + 2);
        if (c.numFmt) cell.numFmt = c.numFmt;
        cell.alignment = { horizontal: 'right' };
      });
      if (row.sub) x.getCell(1).alignment = { indent: 2 };
    }
  }

  if (r.daily?.length) {
    ws.addRow([]);
    const d = ws.addRow([t('rpt.dailyTitle')]);
    ws.mergeCells(d.number, 1, d.number, width);
    d.font = { bold: true };
    const h = ws.addRow([t('rpt.col.day'), t('rpt.col.volume')]);
    h.font = { bold: true };
    for (const p of r.daily) {
      const x = ws.addRow([p.label, p.value ?? '—']);
      x.getCell(2).numFmt = COUNT;
      x.getCell(2).alignment = { horizontal: 'right' };
    }
  }

  ws.addRow([]);
  ws.addRow([t('rpt.preparedBy'), '', t('rpt.reviewedBy')]);

  const buffer = await wb.xlsx.writeBuffer();
  const blob = new Blob([buffer], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = r.fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
