import { yuanToFen } from '$lib/money';
import { text } from '$lib/server/guard';
import type { ClaimLineInput } from '$lib/graphql/generated';

/**
 * Claim lines from the line editor's repeated fields (every row sends lineKind, lineCode,
 * lineQty, linePrice, lineRoLine and lineDesc, so the indexes line up); empty rows are skipped. Prices are
 * yuan turned into minor units by string arithmetic. `null` when an amount is not understood.
 */
export function linesFromForm(f: FormData): ClaimLineInput[] | null {
  const lines: ClaimLineInput[] = [];
  for (const [i, kind] of f.getAll('lineKind').map(String).entries()) {
    const at = (name: string) => text(f.getAll(name)[i] ?? null);
    const [code, qty, price, description, repairOrderLineId] = [at('lineCode'), at('lineQty'), at('linePrice'), at('lineDesc'), at('lineRoLine')];
    const minor = price ? yuanToFen(price) : null;
    if (minor != null && !/^\d+$/.test(minor)) return null;
    if (kind === 'LABOUR' && (code || qty)) lines.push({ kind, operationCode: code, hours: qty, description, repairOrderLineId });
    else if (kind === 'PART' && (code || qty || price))
      lines.push({ kind, partNumber: code, quantity: qty, unitPriceMinor: minor, description, repairOrderLineId });
    else if (kind === 'SUBLET' && (description || price)) lines.push({ kind, description, amountMinor: minor });
  }
  return lines;
}
