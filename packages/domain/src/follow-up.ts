import { defineMachine, type Machine } from './fsm.js';

/**
 * The follow-up call after delivery (回访, domain.md §3): opened by the follow-up timer, assigned to
 * a care agent, done once the call is recorded (reached or not).
 */
export const FOLLOW_UP_STATES = ['OPEN', 'DONE'] as const;
export type FollowUpState = (typeof FOLLOW_UP_STATES)[number];
export const FOLLOW_UP_EVENTS = ['RECORD'] as const;
export type FollowUpEvent = (typeof FOLLOW_UP_EVENTS)[number];

export const followUpMachine: Machine<FollowUpState, FollowUpEvent> = defineMachine({
  name: 'Follow-up call',
  document: 'FollowUp',
  initial: 'OPEN',
  events: FOLLOW_UP_EVENTS,
  table: { OPEN: { RECORD: 'DONE' }, DONE: {} },
});

/**
 * A line of a repair order is proposed (an estimate line, or additional work found during the
 * repair) and then approved or declined by the customer; an approved estimate approves its lines.
 */
export const REPAIR_LINE_STATES = ['PROPOSED', 'APPROVED', 'DECLINED'] as const;
export type RepairLineState = (typeof REPAIR_LINE_STATES)[number];
export const REPAIR_LINE_EVENTS = ['APPROVE', 'DECLINE'] as const;
export type RepairLineEvent = (typeof REPAIR_LINE_EVENTS)[number];

export const repairLineMachine: Machine<RepairLineState, RepairLineEvent> = defineMachine({
  name: 'Repair order line',
  document: 'RepairOrderLine',
  initial: 'PROPOSED',
  events: REPAIR_LINE_EVENTS,
  table: { PROPOSED: { APPROVE: 'APPROVED', DECLINE: 'DECLINED' }, APPROVED: {}, DECLINED: {} },
});
