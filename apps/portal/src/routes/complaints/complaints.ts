import type { MessageKey, Translate } from '$lib/i18n';

/** What a complaint's row or page says of its age: overdue to acknowledge or resolve, escalated, a win-back call due, a finding awaited. */
export interface AgeingFlags {
  ageing: { overdueToAcknowledge: boolean; overdueToResolve: boolean; escalated: boolean };
  escalationLevel: number;
  recoveryDueAt: string | null;
  recoveryDoneAt: string | null;
  qualityFinding: unknown | null;
  status: string;
}

export interface Badge {
  key: string;
  text: string;
  warn: boolean;
}

/** The ageing badges of a complaint; `manufacturer`: the reader is the manufacturer (a finding is awaited from it). */
export function ageingBadges(t: Translate, c: AgeingFlags, manufacturer: boolean): Badge[] {
  const out: Badge[] = [];
  if (c.ageing.overdueToAcknowledge) out.push({ key: 'overdueToAcknowledge', text: t('cmp.badge.overdueToAcknowledge'), warn: true });
  if (c.ageing.overdueToResolve) out.push({ key: 'overdueToResolve', text: t('cmp.badge.overdueToResolve'), warn: true });
  if (c.escalationLevel > 0) out.push({ key: 'escalated', text: t(`cmp.level.${Math.min(c.escalationLevel, 2)}` as MessageKey), warn: true });
  if (c.recoveryDueAt && !c.recoveryDoneAt) out.push({ key: 'recovery', text: t('cmp.badge.recovery'), warn: true });
  if (manufacturer && !c.qualityFinding) out.push({ key: 'awaitingFinding', text: t('cmp.badge.awaitingFinding'), warn: false });
  return out;
}

export const BEARERS = ['dealer', 'manufacturer', 'supplier', 'customer', 'goodwill'] as const;
export type Bearer = (typeof BEARERS)[number];
