import type { BookingEvent } from './booking.js';
import type { FollowUpEvent } from './follow-up.js';
import type { RepairOrderEvent, RepairOrderState, VisitEvent, VisitState } from './repair-order.js';
import type { ClaimEvent, ClaimState, PartReturnEvent, RecoveryEvent } from './warranty.js';
import type { DiscrepancyEvent, PartsOrderEvent } from './parts.js';
import type { ComplaintEvent } from './complaint.js';
import type { ContractEvent, ServiceRequestEvent } from './service-contract.js';

/**
 * Rules about documents that the API and the portal both apply, stated once: which permission
 * (a CASL action of @asn/authz) fires each event of each machine, and the status sets both sides
 * filter or show by. The API's document declarations take their `eventActions` from here, so the
 * buttons the portal draws (from `allowedEvents`) and what the API accepts cannot disagree.
 */

export const repairOrderEventActions = {
  CHECK_IN: 'checkIn',
  DIAGNOSE: 'diagnose',
  ESTIMATE: 'estimate',
  APPROVE: 'approve',
  DECLINE_ESTIMATE: 'approve',
  START_WORK: 'work',
  PROPOSE_ADDITIONAL_WORK: 'work',
  DECIDE_ADDITIONAL_WORK: 'decideAdditionalWork',
  WAIT_FOR_PARTS: 'manageParts',
  PARTS_ARRIVED: 'manageParts',
  FINISH_WORK: 'work',
  PASS_QC: 'inspect',
  FAIL_QC: 'inspect',
  SETTLE: 'settle',
  DELIVER: 'deliver',
  CANCEL: 'cancel',
} as const satisfies Record<RepairOrderEvent, string>;

export const visitEventActions = {
  DEPART: 'work',
  REVISE_ETA: 'work',
  ARRIVE: 'work',
  FINISH: 'work',
  CANCEL: 'dispatch',
} as const satisfies Record<VisitEvent, string>;

export const bookingEventActions = {
  ACCEPT: 'update',
  DECLINE: 'update',
  // the expiry timer acts for the service desk
  EXPIRE: 'update',
} as const satisfies Record<BookingEvent, string>;

export const claimEventActions = {
  SUBMIT: 'submit',
  // the manufacturer's automatic checks run when the dealer submits
  START_REVIEW: 'submit',
  AUTO_APPROVE: 'submit',
  REQUEST_INFO: 'review',
  PROVIDE_INFO: 'submit',
  APPROVE: 'review',
  PARTIALLY_APPROVE: 'review',
  REJECT: 'review',
  APPEAL: 'submit',
  REOPEN: 'review',
  REQUEST_PARTS: 'review',
  RECEIVE_PARTS: 'receive',
  INSPECT_PARTS: 'receive',
  CREDIT: 'credit',
} as const satisfies Record<ClaimEvent, string>;

export const partReturnEventActions = {
  REQUEST: 'review',
  SHIP: 'ship',
  RECEIVE: 'receive',
  INSPECT: 'receive',
} as const satisfies Record<PartReturnEvent, string>;

export const recoveryEventActions = {
  ACCEPT: 'answer',
  DISPUTE: 'answer',
  WITHDRAW: 'raise',
  SETTLE: 'settle',
} as const satisfies Record<RecoveryEvent, string>;

/**
 * The parts order: the buyer submits, cancels and receives; the seller (its order desk) confirms,
 * ships and short-closes. CLOSE follows by itself (the last discrepancy answered, or nothing left
 * to ship): the seller's action, since it ends what the seller did.
 */
export const partsOrderEventActions = {
  SUBMIT: 'submit',
  CONFIRM: 'fulfil',
  SHIP: 'fulfil',
  SHIP_REST: 'fulfil',
  SHORT_CLOSE: 'fulfil',
  RECEIVE: 'receive',
  RECEIVE_REST: 'receive',
  CLOSE: 'fulfil',
  CANCEL: 'cancel',
} as const satisfies Record<PartsOrderEvent, string>;

/** A receiving discrepancy is the seller's to answer. */
export const discrepancyEventActions = { REPLACE: 'fulfil', CREDIT: 'fulfil' } as const satisfies Record<DiscrepancyEvent, string>;

/** Follow-up call (回访): open until the call is recorded. */
export const followUpEventActions = { RECORD: 'record' } as const satisfies Record<FollowUpEvent, string>;

/** Claims waiting for the manufacturer: its review queue, the overdue filter and the dashboard count these. */
export const CLAIM_OPEN_FOR_REVIEW: readonly ClaimState[] = ['SUBMITTED', 'UNDER_REVIEW', 'APPEALED'];

/** Claims whose review clock is running (the age shown runs to now, not to the decision). */
export const CLAIM_AWAITING_DECISION: readonly ClaimState[] = ['SUBMITTED', 'UNDER_REVIEW', 'NEEDS_INFO', 'APPEALED'];

/** Claims the dealer still edits: drafts and claims sent back for information. */
export const CLAIM_EDITABLE: readonly ClaimState[] = ['DRAFT', 'NEEDS_INFO'];

/** Claims the dealer may attach evidence to: while editing, to appeal a rejection, and with the returned parts. */
export const CLAIM_ACCEPTS_EVIDENCE: readonly ClaimState[] = ['DRAFT', 'NEEDS_INFO', 'REJECTED', 'PARTS_RETURN_REQUESTED'];

/** Repair orders the workshop controller may (re)dispatch to a technician and bay: approved work, not yet in QC. */
export const REPAIR_ORDER_DISPATCHABLE: readonly RepairOrderState[] = ['APPROVED', 'IN_PROGRESS', 'AWAITING_PARTS', 'AWAITING_APPROVAL'];

/** On-site visits that take the engineer's photos: on site, or finished. */
export const VISIT_ACCEPTS_PHOTOS: readonly VisitState[] = ['ARRIVED', 'FINISHED'];

/** Claims a supplier recovery may be raised from: the returned causal part was inspected. */
export const CLAIM_RECOVERABLE: readonly ClaimState[] = ['PARTS_INSPECTED', 'CREDITED'];

/**
 * Complaints: the provider's care staff acknowledge, investigate and resolve ('answer'); they (or
 * the clock) escalate ('raise'); the customer's answer to a resolution closes or reopens it
 * ('record': the customer on the tracking page, or staff recording what the customer said).
 */
export const complaintEventActions = {
  ACKNOWLEDGE: 'answer',
  INVESTIGATE: 'answer',
  ESCALATE: 'raise',
  RESOLVE: 'answer',
  CLOSE: 'record',
  REOPEN: 'record',
} as const satisfies Record<ComplaintEvent, string>;

/**
 * Service contracts: the provider's admin activates a draft ('approve'), suspends and resumes it
 * ('update'), ends it early ('cancel'); the clock expires it at its end ('update', as the system).
 */
export const contractEventActions = {
  ACTIVATE: 'approve',
  SUSPEND: 'update',
  RESUME: 'update',
  EXPIRE: 'update',
  TERMINATE: 'cancel',
} as const satisfies Record<ContractEvent, string>;

/**
 * Service requests: the provider's desk replies, asks the customer and resolves ('answer'); the
 * customer's answer, a reopening and the closing are the customer's word ('record': on their
 * contract page, or staff recording what the customer said on the phone); staff cancel ('cancel').
 */
export const serviceRequestEventActions = {
  REPLY: 'answer',
  ASK_CUSTOMER: 'answer',
  CUSTOMER_ANSWERED: 'record',
  RESOLVE: 'answer',
  REOPEN: 'record',
  CLOSE: 'record',
  CANCEL: 'cancel',
} as const satisfies Record<ServiceRequestEvent, string>;
