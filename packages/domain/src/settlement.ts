import { defineMachine, type Machine } from './fsm.js';

/**
 * A settlement batch (结算单): the manufacturer credits a dealer's decided claims of a period in
 * one batch. It is issued complete and does not change afterwards (payment is the accounting
 * system's business); its one state is there so that it is a document like every other.
 */
export const SETTLEMENT_BATCH_STATES = ['ISSUED'] as const;
export type SettlementBatchState = (typeof SETTLEMENT_BATCH_STATES)[number];
export type SettlementBatchEvent = never;

export const settlementBatchMachine: Machine<SettlementBatchState, SettlementBatchEvent> = defineMachine<SettlementBatchState, SettlementBatchEvent>({
  name: 'Settlement batch',
  document: 'SettlementBatch',
  initial: 'ISSUED',
  events: [],
  table: { ISSUED: {} },
});
