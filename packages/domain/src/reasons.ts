/**
 * Why a request was refused, as a catalogue of codes with typed parameters. The API puts the
 * code in `extensions.details.reason` and the parameters in `extensions.details.params` (or,
 * for one bad input field among several, in `details.problems[i].reason/params`); the portal
 * renders each code in the reader's language from these alone, never from the English message.
 *
 * Parameter conventions: an amount is a MoneyParam (formatted as money, ¥1,280.00); a field is
 * an input path (`input.lines.0.partNumber`); a status or event is the machine's own name
 * (translated by the portal's status tables); a document is its GraphQL type name.
 */

/** An amount in a reason's parameters: integer minor units as text, plus currency. */
export interface MoneyParam {
  amountMinor: string;
  currency: string;
}

export type ReasonParam = string | number | boolean | null | MoneyParam | readonly string[];

export function moneyParam(amountMinor: bigint | number | string, currency = 'CNY'): MoneyParam {
  return { amountMinor: String(amountMinor), currency };
}

export function isMoneyParam(v: unknown): v is MoneyParam {
  return typeof v === 'object' && v !== null && typeof (v as MoneyParam).amountMinor === 'string' && typeof (v as MoneyParam).currency === 'string';
}

/**
 * Every reason and its parameters, grouped by module. Adding a reason here makes the portal's
 * i18n test fail until every language names it.
 */
export interface Reasons {
  // --- documents (platform/documents: load and move, the same for every document type)
  /** The document moved since the reader loaded it. */
  STALE_VERSION: { document: string; number: string | null; currentVersion: number };
  /** The actor may read the document but not do this to it. */
  ACTION_NOT_ALLOWED: { document: string; action: string };
  /** The document's state machine does not accept the event in its current state. */
  WRONG_STATUS: { document: string; number: string | null; status: string; event: string; allowed: readonly string[] };
}

export type ReasonCode = keyof Reasons;
export type ReasonParams<R extends ReasonCode> = Reasons[R];
