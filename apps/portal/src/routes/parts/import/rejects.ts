import type { MessageKey, Translate } from '$lib/i18n';
import { reasonText } from '$lib/i18n/refusal';
import type { CatalogueImportColumn } from '$lib/graphql/generated';

/** The columns of a catalogue file in the order the page lists them, the required ones marked. */
export const COLUMNS: readonly { column: CatalogueImportColumn; required: boolean }[] = [
  { column: 'partNumber', required: true },
  { column: 'nameZh', required: true },
  { column: 'nameEn', required: false },
  { column: 'unit', required: false },
  { column: 'category', required: true },
  { column: 'listPrice', required: true },
  { column: 'models', required: false },
];

export const columnLabel = (t: Translate, c: CatalogueImportColumn) => t(`partsimport.column.${c}` as MessageKey);

/** A bad row's reasons in the reader's language: "类别：“易损件”不是可选的值；…". */
export function problemsText(
  t: Translate,
  problems: readonly { column: CatalogueImportColumn; reason: string | null; params: Record<string, unknown> }[],
): string {
  return problems
    .map((p) => t('partsimport.problem', { column: columnLabel(t, p.column), text: reasonText(t, p.reason, p.params) ?? t('partsimport.invalid') }))
    .join(t('refusal.separator'));
}
