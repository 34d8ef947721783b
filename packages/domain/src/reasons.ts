/**
 * Why a request was refused, as a catalogue of codes with typed parameters. The API puts the
 * code in `extensions.details.reason` and the parameters in `extensions.details.params` (or,
 * for one bad input field among several, in `details.problems[i].reason/params`); the portal
 * renders each code in the reader's language from these alone, never from the English message.
 *
 * Parameter conventions (the portal formats a parameter by its name and shape):
 * - an amount is a MoneyParam (formatted as money, ¥1,280.00);
 * - a field is an input path (`input.lines.0.partNumber`) in a parameter whose name ends in `Field`
 *   (the problem's own field is FieldProblem.field);
 * - `status` and `event` are the machine's own names, `document` the GraphQL type name of the
 *   document they belong to (translated by the portal's status tables); `allowed` lists events;
 * - `role` is a role code, `tenantKind` a tenant kind, `unit` a Unit, `what` the code of a table
 *   the portal translates (DuplicateWhat, CodeWhat);
 * - `alternatives`, `at` are ISO-8601 instants; `value` is what the user typed, as typed.
 */

import type { EvidenceKind } from './warranty.js';

/** An amount in a reason's parameters: integer minor units as text, plus currency. */
export interface MoneyParam {
  amountMinor: string;
  currency: string;
}

export type ReasonParam = string | number | boolean | null | undefined | MoneyParam | readonly string[];

export function moneyParam(amountMinor: bigint | number | string, currency = 'CNY'): MoneyParam {
  return { amountMinor: String(amountMinor), currency };
}

export function isMoneyParam(v: unknown): v is MoneyParam {
  return typeof v === 'object' && v !== null && typeof (v as MoneyParam).amountMinor === 'string' && typeof (v as MoneyParam).currency === 'string';
}

/** What a number in a range or a count is counted in (the portal names the unit). */
export const UNITS = [
  'DAYS',
  'HOURS',
  'MINUTES',
  'MONTHS',
  'BASIS_POINTS',
  'STARS',
  'EIGHTHS',
  'KM_OR_HOURS',
  'THOUSANDTHS_OF_AN_HOUR',
  'CHARACTERS',
  'ITEMS',
  'DEGREES',
  'PERCENT',
] as const;
export type Unit = (typeof UNITS)[number];

/** What a unique value names, for DUPLICATE (from the constraint or the service that knows it). */
export const DUPLICATE_WHATS = [
  'VIN',
  'EMAIL',
  'TENANT_CODE',
  'DEALER_CODE',
  'RELATIONSHIP',
  'MODEL_CODE',
  'POLICY_CODE',
  'OPERATION_CODE',
  'PART_NUMBER',
  'CAMPAIGN_CODE',
  'REGISTRATION',
  'DOCUMENT_NUMBER',
  'RATING',
  'RECORD',
] as const;
export type DuplicateWhat = (typeof DUPLICATE_WHATS)[number];

/** What a code that names nothing was meant to name, for UNKNOWN_CODE. */
export const CODE_WHATS = ['MODEL', 'POLICY', 'CAMPAIGN', 'OPERATION', 'PART', 'TENANT'] as const;
export type CodeWhat = (typeof CODE_WHATS)[number];

/**
 * Every reason and its parameters, grouped by module. Adding a reason here makes the build fail
 * until REASON_MODULES names it, and the portal's i18n test fail until every language names it.
 */
export interface Reasons {
  // --- documents (platform/documents: load and move, the same for every document type)
  /** The document moved since the reader loaded it. */
  STALE_VERSION: { document: string; number: string | null; currentVersion: number | null };
  /** The actor may read the document but not do this to it. */
  ACTION_NOT_ALLOWED: { document: string; action: string };
  /** The document's state machine does not accept the event in its current state. */
  WRONG_STATUS: { document: string; number: string | null; status: string; event: string; allowed: readonly string[] };
  /** The document is finished (delivered, cancelled…): nothing is added to it any more. */
  DOCUMENT_CLOSED: { document: string; number: string | null; status: string };
  /** The document is assigned to someone else (another technician's line, another agent's call). */
  ASSIGNED_TO_SOMEONE_ELSE: { document: string };
  /** Only a role the actor lacks does this (a discount needs the service admin). */
  ROLE_REQUIRED: { role: string };

  // --- input (validation.ts InputCheck and assertId: always on a field, FieldProblem.field)
  /** Empty; `max` is the length the field takes. */
  REQUIRED: { max?: number };
  TOO_LONG: { max: number };
  TOO_SHORT: { min: number };
  NOT_AN_EMAIL: { value: string };
  /** Not a calendar day written YYYY-MM-DD. */
  NOT_A_DATE: { value: string };
  NOT_A_DATE_TIME: { value: string };
  /** Not a decimal number with up to `decimals` decimals. */
  NOT_A_NUMBER: { value: string; decimals: number };
  /** Not a whole number of at least `min` (in `unit`). */
  NOT_A_WHOLE_NUMBER: { value: string | null; min: number; unit: Unit | null };
  /** Zero where more than zero is needed. */
  NOT_POSITIVE: Record<string, never>;
  /** Not a whole number of minor units (fen). */
  NOT_MINOR_UNITS: { value: string };
  /** Outside min–max (in `unit`). */
  OUT_OF_RANGE: { min: number; max: number; unit: Unit | null };
  NOT_AN_ID: { value: string };
  /** Not one of the values the field takes. */
  NOT_ONE_OF: { value: string; allowed: readonly string[] };
  MUST_BE_FUTURE: Record<string, never>;
  MUST_NOT_BE_FUTURE: Record<string, never>;
  /** Further back than `days`. */
  TOO_LONG_AGO: { days: number };
  /** Must not be before (not earlier than) another field. */
  NOT_BEFORE: { otherField: string };
  /** Must not be after (not later than) another field. */
  NOT_AFTER: { otherField: string };
  /** A list that needs at least one entry. */
  AT_LEAST_ONE: Record<string, never>;
  /** A list longer than it may be. */
  TOO_MANY: { max: number };
  /** Two fields that are given together, or not at all. */
  GIVEN_TOGETHER: { otherField: string };
  NOT_A_PHONE: { value: string };
  /** A mobile number (11 digits) is needed (SMS). */
  NOT_A_MOBILE: { value: string };
  NOT_A_VIN: { value: string; min: number; max: number };
  NOT_A_PLATE: { value: string };
  NOT_A_CURRENCY: { value: string };
  NOT_A_TIME_ZONE: { value: string };
  /** Not a code of `min`–`max` letters, digits and dashes (and dots when `dots`). */
  NOT_A_CODE: { value: string; min: number; max: number; dots: boolean };
  /** Text PostgreSQL cannot store (a NUL character, an unpaired surrogate). */
  TEXT_NOT_STORABLE: Record<string, never>;
  /** A list cursor (`after`) that is not one of the list's. */
  NOT_A_CURSOR: Record<string, never>;
  /** A code that names nothing of its kind (`no model X`, `no campaign Y`). */
  UNKNOWN_CODE: { what: CodeWhat; code: string };

  // --- money (money.ts, and amounts wherever a rule limits one)
  CURRENCY_MISMATCH: { currencies: readonly string[] };

  // --- platform (errors.ts: what the database refused; idempotency.ts; transport.ts; permissions.ts)
  /** A unique value is taken (what, and the value where known). */
  DUPLICATE: { what: DuplicateWhat; value: string | null };
  /** A referenced record does not exist (a foreign key). */
  REFERENCE_MISSING: { constraint: string | null };
  /** The input breaks a rule the database keeps (a check constraint). */
  RULE_BROKEN: { constraint: string | null };
  /** The actor's roles do not allow the operation. */
  ROLE_NOT_ALLOWED: { action: string; subject: string };
  IDEMPOTENCY_KEY_INVALID: Record<string, never>;
  IDEMPOTENCY_KEY_REUSED: { operation: string };
  IDEMPOTENCY_KEY_BUSY: Record<string, never>;
  BODY_NOT_JSON: Record<string, never>;
  BODY_TOO_LARGE: { limitBytes: number };
  NOT_AN_UPLOAD: Record<string, never>;

  // --- auth (sign-in, sessions, passwords)
  WRONG_CREDENTIALS: Record<string, never>;
  ACCOUNT_DEACTIVATED: Record<string, never>;
  TOO_MANY_ATTEMPTS: { retryAfterMinutes: number };
  WRONG_CURRENT_PASSWORD: Record<string, never>;

  // --- users and tenants
  /** The tenant would be left without an active admin. */
  LAST_ADMIN: { role: string };
  CANNOT_DEACTIVATE_SELF: Record<string, never>;
  /** Roles a tenant of this kind does not have. */
  ROLE_NOT_FOR_TENANT_KIND: { roles: readonly string[]; tenantKind: string };

  // --- relationships
  /** A tenant of this kind cannot stand on this side of this relationship. */
  WRONG_PARTY_KIND: { kind: string; side: 'FROM' | 'TO'; tenantKind: string };
  /** The relationship (or the change) is outside what the actor's regions allow. */
  OUTSIDE_YOUR_REGIONS: Record<string, never>;
  /** Only the granting side changes a relationship. */
  ONLY_GRANTOR_CHANGES: Record<string, never>;

  // --- tracking (the customer's page)
  WRONG_PHONE_DIGITS: Record<string, never>;
  LINK_GONE: Record<string, never>;
  REPAIR_FINISHED: Record<string, never>;
  ALREADY_CHASED: Record<string, never>;
  NOT_DELIVERED_YET: Record<string, never>;

  // --- attachments
  FILE_REQUIRED: Record<string, never>;
  FILE_EMPTY: Record<string, never>;
  FILE_TOO_LARGE: { sizeBytes: number | null; maxBytes: number; fileName?: string };
  /** The content is none of the accepted types (`detected` when it is another known one). */
  FILE_TYPE_NOT_ACCEPTED: { accepted: readonly string[]; detected: string | null; fileName?: string };
  /** The declared type and the content disagree. */
  FILE_TYPE_MISMATCH: { declared: string | null; detected: string; fileName?: string };
  NOT_BASE64: Record<string, never>;
  FILE_ALREADY_ATTACHED: { fileName?: string };
  TOO_MANY_FILES: { max: number; count: number };
  /** Files cannot be attached to this kind of owner. */
  CANNOT_ATTACH_TO: { ownerType: string };
  /** Photos of repair-order lines go on proposed additional work only. */
  PHOTOS_ONLY_ON_ADDITIONAL_WORK: Record<string, never>;
  /** The document takes no files in its status (on-site photos before arrival, closed claims…). */
  FILES_NOT_ACCEPTED_NOW: { document: string; number: string | null; status: string };
  /** These files are never shown to customers. */
  NOT_FOR_CUSTOMERS: Record<string, never>;
  /** Claim evidence says what it proves. */
  EVIDENCE_KIND_REQUIRED: { kinds: readonly EvidenceKind[] };

  // --- events (subscriptions with a cursor)
  CURSOR_EXPIRED: { retentionHours: number | null };
  CURSOR_UNKNOWN: Record<string, never>;

  // --- workshop rules (appointments.ts, repair-order.ts)
  /** Reserving parts needs at least half their price as a deposit. */
  DEPOSIT_TOO_LOW: { minimum: MoneyParam };
  /** A discount is at most the customer's share. */
  DISCOUNT_TOO_HIGH: { maximum: MoneyParam };

  // --- repair orders (repair-orders/*.service.ts)
  /** The customer signs the sheet (check-in sheet, release note, on-site work sheet). */
  SIGNATURE_REQUIRED: { sheet: 'CHECK_IN' | 'RELEASE' | 'VISIT' | 'ESTIMATE' };
  /** The belongings are checked back with the customer before delivery. */
  BELONGINGS_NOT_RETURNED: Record<string, never>;
  /** A meter reading below the vehicle's last one. */
  METER_BELOW_LAST: { last: number };
  /** A meter reading for the next service that is not above the last one. */
  METER_NOT_ABOVE_LAST: { last: number };
  /** An on-site job or visit needs the customer's address. */
  ADDRESS_REQUIRED_ON_SITE: Record<string, never>;
  /** Not the start of a slot within opening hours (HH:MM, local). */
  NOT_A_SLOT_START: { opensAt: string; closesAt: string; slotMinutes: number };
  /** Parts are reserved for an appointment only. */
  PARTS_NEED_APPOINTMENT: Record<string, never>;
  /** The vehicle is on another customer's file. */
  VEHICLE_OF_OTHER_CUSTOMER: Record<string, never>;
  /** The slot is full; `alternatives` are the nearest free slots. */
  SLOT_FULL: { alternatives: readonly string[] };
  /** A no-show is recorded only after the appointment time. */
  NO_SHOW_TOO_EARLY: { appointmentAt: string | null };
  /** The person chosen is not an active member with this role (technician, care agent). */
  NOT_ACTIVE_STAFF: { role: string };
  /** Work starts after the order was dispatched to a technician. */
  TECHNICIAN_REQUIRED: { number: string | null };
  ONLY_LABOUR_CLOCKED: Record<string, never>;
  ONLY_APPROVED_WORK_CLOCKED: Record<string, never>;
  ALREADY_CLOCKED_ON: Record<string, never>;
  NOT_CLOCKED_ON: Record<string, never>;
  /** Decisions name lines that are not pending additional work of the order. */
  LINES_NOT_PENDING: { count: number };
  /** Every proposed line is decided at once. */
  DECIDE_ALL_LINES: { pending: number };
  /** The estimate has no line waiting for the customer's answer (declined already, or none). */
  NOTHING_TO_DECIDE: Record<string, never>;
  /** The customer's reminder (催单) was answered already, or there is none. */
  NO_OPEN_CHASE: Record<string, never>;

  // --- on-site visits (visits/*.service.ts)
  NOT_ON_SITE_JOB: Record<string, never>;
  /** Address, model and fault are confirmed with the customer before leaving. */
  CONFIRM_WITH_CUSTOMER: Record<string, never>;
  /** A board (a date range) of at most `maxDays`. */
  RANGE_TOO_LONG: { maxDays: number };

  // --- bookings (bookings/*.service.ts, the public booking page)
  TOO_FAR_AHEAD: { days: number };
  PLATE_OR_VIN_REQUIRED: Record<string, never>;
  /** This phone number has `open` requests waiting with the provider already. */
  TOO_MANY_OPEN_REQUESTS: { open: number; provider: string };
  /** The provider receives too many requests right now. */
  PROVIDER_BUSY: { provider: string };
  SEVERAL_CUSTOMERS_WITH_PHONE: Record<string, never>;
  /** No vehicle on file matches and the request has no VIN. */
  VIN_NEEDED_FOR_VEHICLE: Record<string, never>;
  /** The requested time has passed: agree a new one with the customer. */
  REQUESTED_TIME_PASSED: Record<string, never>;

  // --- follow-ups (follow-ups/*.service.ts)
  /** Satisfaction (1–5) is asked when the customer was reached. */
  SATISFACTION_REQUIRED: Record<string, never>;
  /** The call was recorded already. */
  ALREADY_RECORDED: Record<string, never>;

  // --- warranty claims (warranty-claims/claim*.service.ts, warranty.ts)
  /** The manufacturer has not authorised the workshop. */
  NOT_AUTHORISED_BY_MANUFACTURER: Record<string, never>;
  /** The authorisation sets no warranty labour rate. */
  NO_WARRANTY_LABOUR_RATE: Record<string, never>;
  /** Not a line of the claim's repair order (or the claim has none). */
  NOT_A_LINE_OF_ORDER: { hasOrder: boolean };
  /** The repair-order line is not a warranty line of this kind. */
  NOT_A_WARRANTY_LINE: { payType: string; kind: string };
  /** The repair-order line is claimed on another line already. */
  LINE_CLAIMED_TWICE: Record<string, never>;
  /** The part is not in the catalogue: its price is needed. */
  PART_PRICE_REQUIRED: { partNumber: string };
  /** Only drafts and claims sent back for information are edited. */
  ONLY_DRAFTS_EDITED: { number: string | null; status: string };
  /** The repair order has no repair to claim (cancelled, not checked in). */
  NO_REPAIR_TO_CLAIM: { order: string; status: string };
  /** The repair order has a claim already. */
  ORDER_ALREADY_CLAIMED: { order: string; claim: string };
  /** The repair order has no approved warranty lines. */
  NO_WARRANTY_LINES: { order: string };
  /** Not a pre-authorisation of this VIN. */
  NOT_A_PRE_AUTHORIZATION_OF_VIN: Record<string, never>;
  /** The claim lacks evidence the policy or its operations require. */
  EVIDENCE_MISSING: { kinds: readonly EvidenceKind[]; number: string | null };
  /** A line of the claim is left undecided. */
  LINE_UNDECIDED: { position: number };
  /** A decision names a line that is not on the claim. */
  LINE_NOT_ON_CLAIM: { lineId: string };
  /** A rejection (or a reduced or refused line) needs a reason code. */
  REASON_CODE_REQUIRED: Record<string, never>;
  /** An approved amount is between 0 and the claimed amount. */
  APPROVED_AMOUNT_OUT_OF_RANGE: { claimed: MoneyParam };
  /** A rejected claim is appealed once. */
  SECOND_APPEAL: { number: string | null };
  PARTS_ALREADY_SHIPPED: { number: string | null };
  /** Not an old-part tag code (the check character does not match). */
  NOT_A_TAG_CODE: { value: string };
  NO_SUPPLIER_FOR_PART: { partNumber: string | null };
  INSPECTED_PART_NOT_ON_CLAIM: Record<string, never>;

  // --- settlement (warranty-claims/settlement.service.ts)
  NOTHING_TO_CREDIT: Record<string, never>;
  SEVERAL_CURRENCIES: { currencies: readonly string[] };

  // --- supplier recovery (supplier-recovery/*.service.ts)
  /** The causal part was not inspected as supplier-caused. */
  NOT_SUPPLIER_CAUSED: { partNumber: string | null; claim: string | null };
  /** No recovery share is agreed with the part's supplier. */
  NO_RECOVERY_SHARE: Record<string, never>;
  /** The claim has a recovery claim already. */
  ALREADY_RECOVERED: { claim: string | null; recovery: string };
  /** A dispute carries evidence. */
  DISPUTE_NEEDS_EVIDENCE: Record<string, never>;

  // --- warranty catalogue (warranty-catalogue/catalogue.service.ts)
  /** Two coverage terms for one component group (null: the base term). */
  TERM_GIVEN_TWICE: { componentGroup: string | null };
  BASE_TERM_MISSING: Record<string, never>;
  /** The supplier has no supply agreement with the manufacturer. */
  NO_SUPPLY_AGREEMENT: Record<string, never>;

  // --- parts (parts.ts: catalogue, stock, parts orders)
  /** A supersession loops back on itself, or an old number is superseded twice. */
  SUPERSESSION_CYCLE: { partNumber: string };
  /** A line's answer (allocated + backordered, or rejected) exceeds what it holds. */
  ANSWER_EXCEEDS_ORDERED: { ordered: number };
  /** Units of a line left unallocated and not backordered are refused, with a reason. */
  REFUSAL_REASON_REQUIRED: { refused: number };
  /** A line id that is not one of this parts order's lines. */
  NOT_A_LINE_OF_PARTS_ORDER: Record<string, never>;
  /** The seller's answer names every line of the order once. */
  ANSWER_EVERY_LINE: { lines: number };
  /** Not enough of a part is available (on hand less reserved). */
  STOCK_TOO_LOW: { partNumber: string; available: number };
  /** The seller no longer supplies the part. */
  PART_DISCONTINUED: { partNumber: string };
  /** A shipment holds more of a line than is allocated to it. */
  SHIP_MORE_THAN_ALLOCATED: { partNumber: string; allocated: number };
  /** A shipment with no quantity on any line. */
  NOTHING_TO_SHIP: Record<string, never>;
  /** The line has no backorder to fill or close. */
  NOT_BACKORDERED: { partNumber: string };
  /** The shipment was received already. */
  ALREADY_RECEIVED: { shipment: string };
  /** Receiving names every line of the shipment once. */
  RECEIVE_EVERY_LINE: { lines: number };
  /** A catalogue import's row repeats a part number of an earlier row of the file (the first is kept). */
  PART_NUMBER_TWICE_IN_FILE: { partNumber: string; firstLine: number };
  // --- complaints (complaint.ts)
  /** A complaint escalated to the manufacturer goes no higher. */
  ESCALATED_TO_THE_TOP: { number: string | null };
  /** A resolution needs the investigation's root cause first. */
  ROOT_CAUSE_FIRST: { number: string | null };
  /** The shares of a resolution's cost add up to `total` %, not 100 %. */
  COST_SPLIT_NOT_100: { total: number };
  /** The provider has no authorising manufacturer to take the complaint. */
  NO_AUTHORISING_MANUFACTURER: Record<string, never>;
  /** The second escalation step must come later than the first. */
  SECOND_STEP_NOT_LATER: { first: number };
  /** The complaint was answered already (a rating is given once per resolution). */
  ALREADY_RATED: Record<string, never>;
  // --- service contracts (service-contract.ts, working-time.ts, sla.ts)
  /** The contract does not serve now (not ACTIVE, or the day is outside its period). */
  CONTRACT_NOT_ACTIVE: { number: string | null; status: string };
  /** A CONTRACT line on a vehicle with no active contract of the workshop. */
  NO_ACTIVE_CONTRACT: { vin: string };
  /** The contract covers no operation, part or group of this code (a line paid by the contract). */
  NOT_COVERED: { code: string };
  /** The entitlement (of `kind`, for `code`) is used up: `used` of `quantity`. */
  ENTITLEMENT_USED_UP: { code: string; kind: string; quantity: number; used: number };
  /** A working hour written other than HH:MM (00:00–24:00). */
  NOT_A_TIME_OF_DAY: { value: string };
  /** Two working spans of one day overlap. */
  SPANS_OVERLAP: { day: string };
  /** A span whose end is not after its start. */
  SPAN_ENDS_BEFORE_START: { day: string };
  /** A date listed twice among the holidays and adjusted working days. */
  DAY_GIVEN_TWICE: { day: string };
  /** A calendar with no working time at all (no clock could ever run). */
  NO_WORKING_TIME: Record<string, never>;
  // --- supervision (supervision.ts)
  /** Only a penalty is confirmed when its appeal is dismissed (a warning goes back to its cure). */
  NOT_A_PENALTY: { number: string | null };
  /** A warning or penalty is appealed once (the claims' second appeal is SECOND_APPEAL). */
  WARNING_SECOND_APPEAL: { number: string | null };
  /** The notice's time to appeal ended with the day `until` (YYYY-MM-DD, the manufacturer's calendar). */
  APPEAL_WINDOW_CLOSED: { number: string | null; until: string };

  /** A catalogue file lacks a required column (the import names which). */
  IMPORT_COLUMNS_MISSING: Record<string, never>;
  /** A catalogue file that cannot be read as its format. */
  IMPORT_FILE_UNREADABLE: { format: string };
  /** A catalogue file with more data rows than one import takes. */
  IMPORT_TOO_MANY_ROWS: { max: number };
  /** The file of this import was sent already. */
  IMPORT_ALREADY_RUN: Record<string, never>;
}

export type ReasonCode = keyof Reasons;
export type ReasonParams<R extends ReasonCode> = Reasons[R];

/** The module each reason belongs to; exhaustive, so the runtime list of codes is complete. */
export const REASON_MODULES: { readonly [R in ReasonCode]: string } = {
  STALE_VERSION: 'documents',
  ACTION_NOT_ALLOWED: 'documents',
  WRONG_STATUS: 'documents',
  DOCUMENT_CLOSED: 'documents',
  ASSIGNED_TO_SOMEONE_ELSE: 'documents',
  ROLE_REQUIRED: 'documents',
  REQUIRED: 'input',
  TOO_LONG: 'input',
  TOO_SHORT: 'input',
  NOT_AN_EMAIL: 'input',
  NOT_A_DATE: 'input',
  NOT_A_DATE_TIME: 'input',
  NOT_A_NUMBER: 'input',
  NOT_A_WHOLE_NUMBER: 'input',
  NOT_POSITIVE: 'input',
  NOT_MINOR_UNITS: 'input',
  OUT_OF_RANGE: 'input',
  NOT_AN_ID: 'input',
  NOT_ONE_OF: 'input',
  MUST_BE_FUTURE: 'input',
  MUST_NOT_BE_FUTURE: 'input',
  TOO_LONG_AGO: 'input',
  NOT_BEFORE: 'input',
  NOT_AFTER: 'input',
  AT_LEAST_ONE: 'input',
  TOO_MANY: 'input',
  GIVEN_TOGETHER: 'input',
  NOT_A_PHONE: 'input',
  NOT_A_MOBILE: 'input',
  NOT_A_VIN: 'input',
  NOT_A_PLATE: 'input',
  NOT_A_CURRENCY: 'input',
  NOT_A_TIME_ZONE: 'input',
  NOT_A_CODE: 'input',
  TEXT_NOT_STORABLE: 'input',
  NOT_A_CURSOR: 'input',
  UNKNOWN_CODE: 'input',
  CURRENCY_MISMATCH: 'money',
  DUPLICATE: 'platform',
  REFERENCE_MISSING: 'platform',
  RULE_BROKEN: 'platform',
  ROLE_NOT_ALLOWED: 'platform',
  IDEMPOTENCY_KEY_INVALID: 'platform',
  IDEMPOTENCY_KEY_REUSED: 'platform',
  IDEMPOTENCY_KEY_BUSY: 'platform',
  BODY_NOT_JSON: 'platform',
  BODY_TOO_LARGE: 'platform',
  NOT_AN_UPLOAD: 'platform',
  WRONG_CREDENTIALS: 'auth',
  ACCOUNT_DEACTIVATED: 'auth',
  TOO_MANY_ATTEMPTS: 'auth',
  WRONG_CURRENT_PASSWORD: 'auth',
  LAST_ADMIN: 'users',
  CANNOT_DEACTIVATE_SELF: 'users',
  ROLE_NOT_FOR_TENANT_KIND: 'users',
  WRONG_PARTY_KIND: 'relationships',
  OUTSIDE_YOUR_REGIONS: 'relationships',
  ONLY_GRANTOR_CHANGES: 'relationships',
  WRONG_PHONE_DIGITS: 'tracking',
  LINK_GONE: 'tracking',
  REPAIR_FINISHED: 'tracking',
  ALREADY_CHASED: 'tracking',
  NOT_DELIVERED_YET: 'tracking',
  FILE_REQUIRED: 'attachments',
  FILE_EMPTY: 'attachments',
  FILE_TOO_LARGE: 'attachments',
  FILE_TYPE_NOT_ACCEPTED: 'attachments',
  FILE_TYPE_MISMATCH: 'attachments',
  NOT_BASE64: 'attachments',
  FILE_ALREADY_ATTACHED: 'attachments',
  TOO_MANY_FILES: 'attachments',
  CANNOT_ATTACH_TO: 'attachments',
  PHOTOS_ONLY_ON_ADDITIONAL_WORK: 'attachments',
  FILES_NOT_ACCEPTED_NOW: 'attachments',
  NOT_FOR_CUSTOMERS: 'attachments',
  EVIDENCE_KIND_REQUIRED: 'attachments',
  CURSOR_EXPIRED: 'events',
  CURSOR_UNKNOWN: 'events',
  DEPOSIT_TOO_LOW: 'workshop',
  DISCOUNT_TOO_HIGH: 'workshop',
  SIGNATURE_REQUIRED: 'repair-orders',
  BELONGINGS_NOT_RETURNED: 'repair-orders',
  METER_BELOW_LAST: 'repair-orders',
  METER_NOT_ABOVE_LAST: 'repair-orders',
  ADDRESS_REQUIRED_ON_SITE: 'repair-orders',
  NOT_A_SLOT_START: 'repair-orders',
  PARTS_NEED_APPOINTMENT: 'repair-orders',
  VEHICLE_OF_OTHER_CUSTOMER: 'repair-orders',
  SLOT_FULL: 'repair-orders',
  NO_SHOW_TOO_EARLY: 'repair-orders',
  NOT_ACTIVE_STAFF: 'repair-orders',
  TECHNICIAN_REQUIRED: 'repair-orders',
  ONLY_LABOUR_CLOCKED: 'repair-orders',
  ONLY_APPROVED_WORK_CLOCKED: 'repair-orders',
  ALREADY_CLOCKED_ON: 'repair-orders',
  NOT_CLOCKED_ON: 'repair-orders',
  LINES_NOT_PENDING: 'repair-orders',
  DECIDE_ALL_LINES: 'repair-orders',
  NOTHING_TO_DECIDE: 'repair-orders',
  NO_OPEN_CHASE: 'repair-orders',
  NOT_ON_SITE_JOB: 'visits',
  CONFIRM_WITH_CUSTOMER: 'visits',
  RANGE_TOO_LONG: 'visits',
  TOO_FAR_AHEAD: 'bookings',
  PLATE_OR_VIN_REQUIRED: 'bookings',
  TOO_MANY_OPEN_REQUESTS: 'bookings',
  PROVIDER_BUSY: 'bookings',
  SEVERAL_CUSTOMERS_WITH_PHONE: 'bookings',
  VIN_NEEDED_FOR_VEHICLE: 'bookings',
  REQUESTED_TIME_PASSED: 'bookings',
  SATISFACTION_REQUIRED: 'follow-ups',
  ALREADY_RECORDED: 'follow-ups',
  NOT_AUTHORISED_BY_MANUFACTURER: 'warranty-claims',
  NO_WARRANTY_LABOUR_RATE: 'warranty-claims',
  NOT_A_LINE_OF_ORDER: 'warranty-claims',
  NOT_A_WARRANTY_LINE: 'warranty-claims',
  LINE_CLAIMED_TWICE: 'warranty-claims',
  PART_PRICE_REQUIRED: 'warranty-claims',
  ONLY_DRAFTS_EDITED: 'warranty-claims',
  NO_REPAIR_TO_CLAIM: 'warranty-claims',
  ORDER_ALREADY_CLAIMED: 'warranty-claims',
  NO_WARRANTY_LINES: 'warranty-claims',
  NOT_A_PRE_AUTHORIZATION_OF_VIN: 'warranty-claims',
  EVIDENCE_MISSING: 'warranty-claims',
  LINE_UNDECIDED: 'warranty-claims',
  LINE_NOT_ON_CLAIM: 'warranty-claims',
  REASON_CODE_REQUIRED: 'warranty-claims',
  APPROVED_AMOUNT_OUT_OF_RANGE: 'warranty-claims',
  SECOND_APPEAL: 'warranty-claims',
  PARTS_ALREADY_SHIPPED: 'warranty-claims',
  NOT_A_TAG_CODE: 'warranty-claims',
  NO_SUPPLIER_FOR_PART: 'warranty-claims',
  INSPECTED_PART_NOT_ON_CLAIM: 'warranty-claims',
  NOTHING_TO_CREDIT: 'settlement',
  SEVERAL_CURRENCIES: 'settlement',
  NOT_SUPPLIER_CAUSED: 'supplier-recovery',
  NO_RECOVERY_SHARE: 'supplier-recovery',
  ALREADY_RECOVERED: 'supplier-recovery',
  DISPUTE_NEEDS_EVIDENCE: 'supplier-recovery',
  TERM_GIVEN_TWICE: 'warranty-catalogue',
  BASE_TERM_MISSING: 'warranty-catalogue',
  NO_SUPPLY_AGREEMENT: 'warranty-catalogue',
  SUPERSESSION_CYCLE: 'parts',
  ANSWER_EXCEEDS_ORDERED: 'parts',
  REFUSAL_REASON_REQUIRED: 'parts',
  NOT_A_LINE_OF_PARTS_ORDER: 'parts',
  ANSWER_EVERY_LINE: 'parts',
  STOCK_TOO_LOW: 'parts',
  PART_DISCONTINUED: 'parts',
  SHIP_MORE_THAN_ALLOCATED: 'parts',
  NOTHING_TO_SHIP: 'parts',
  NOT_BACKORDERED: 'parts',
  ALREADY_RECEIVED: 'parts',
  RECEIVE_EVERY_LINE: 'parts',
  PART_NUMBER_TWICE_IN_FILE: 'parts',
  IMPORT_COLUMNS_MISSING: 'parts',
  IMPORT_FILE_UNREADABLE: 'parts',
  IMPORT_TOO_MANY_ROWS: 'parts',
  IMPORT_ALREADY_RUN: 'parts',
  ESCALATED_TO_THE_TOP: 'complaints',
  ROOT_CAUSE_FIRST: 'complaints',
  COST_SPLIT_NOT_100: 'complaints',
  NO_AUTHORISING_MANUFACTURER: 'complaints',
  SECOND_STEP_NOT_LATER: 'complaints',
  ALREADY_RATED: 'complaints',
  CONTRACT_NOT_ACTIVE: 'service-contracts',
  NO_ACTIVE_CONTRACT: 'service-contracts',
  NOT_COVERED: 'service-contracts',
  ENTITLEMENT_USED_UP: 'service-contracts',
  NOT_A_TIME_OF_DAY: 'service-contracts',
  SPANS_OVERLAP: 'service-contracts',
  SPAN_ENDS_BEFORE_START: 'service-contracts',
  DAY_GIVEN_TWICE: 'service-contracts',
  NO_WORKING_TIME: 'service-contracts',
  NOT_A_PENALTY: 'supervision',
  WARNING_SECOND_APPEAL: 'supervision',
  APPEAL_WINDOW_CLOSED: 'supervision',
};

/** Every catalogued reason code. */
export const REASON_CODES = Object.keys(REASON_MODULES) as ReasonCode[];

export function isReasonCode(v: unknown): v is ReasonCode {
  return typeof v === 'string' && Object.prototype.hasOwnProperty.call(REASON_MODULES, v);
}
