import { DomainError, ErrorCode } from '@asn/domain';

/**
 * An event's cursor: its publish order (`outbox.seq`), opaque to clients. "Everything after
 * cursor C" is every event published after C, whichever API process published it
 * (docs/adr/0010-event-cursor.md).
 */
const PREFIX = 'ev1:';
const SHAPE = /^[A-Za-z0-9_-]{1,40}$/;
const DECODED = /^ev1:(0|[1-9][0-9]{0,15})$/;

export function encodeCursor(seq: number): string {
  return Buffer.from(`${PREFIX}${seq}`).toString('base64url');
}

/** The seq in a cursor a client sent back; BAD_USER_INPUT (naming `field`) if it is not one. */
export function decodeCursor(cursor: string, field = 'after'): number {
  const decoded = SHAPE.test(cursor) ? Buffer.from(cursor, 'base64url').toString('latin1') : '';
  const m = DECODED.exec(decoded);
  const seq = m ? Number(m[1]) : NaN;
  if (!Number.isSafeInteger(seq)) throw DomainError.badField(field, 'NOT_A_CURSOR', {}, 'is not an event cursor (use the `cursor` of an event you received)');
  return seq;
}

/** The replay cannot start at a cursor the server no longer (or never) had: the client reloads. */
export function cursorGone(reason: 'CURSOR_EXPIRED' | 'CURSOR_UNKNOWN', retentionHours?: number): DomainError {
  if (reason === 'CURSOR_UNKNOWN') {
    return DomainError.because(
      ErrorCode.CONFLICT,
      'CURSOR_UNKNOWN',
      {},
      'This cursor is not one of this server: reload the data, then subscribe without a cursor.',
    );
  }
  return DomainError.because(
    ErrorCode.CONFLICT,
    'CURSOR_EXPIRED',
    { retentionHours: retentionHours ?? null },
    'The events since this cursor are no longer kept: reload the data, then subscribe without a cursor.',
    retentionHours ? { retentionHours } : {},
  );
}
