/**
 * The repair order's service, by sub-feature: opening and appointment slots
 * (repair-order.opening.ts), the way from check-in to delivery (repair-order.workflow.ts, its shared steps in
 * repair-order.steps.ts), the customer's answers (repair-order.decisions.ts), lines
 * and totals (repair-order.lines.ts) and reading (repair-order.queries.ts). Its lifecycle —
 * machine, timers, audit and events — is its document declaration (repair-order.document.ts).
 */
export * from './repair-order.opening.js';
export * from './repair-order.workflow.js';
export * from './repair-order.decisions.js';
export * from './repair-order.lines.js';
export * from './repair-order.queries.js';
