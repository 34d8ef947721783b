/**
 * The warranty claim's service, by sub-feature: drafting (claim.drafting.ts), submission and the
 * automatic checks (claim.submission.ts), review (claim.review.ts), parts return
 * (claim.parts-return.ts) and reading (claim.queries.ts). The claim's lifecycle itself — parties,
 * machine, timeline, audit and events — is its document declaration (claim.document.ts).
 */
export * from './claim.queries.js';
export * from './claim.drafting.js';
export * from './claim.submission.js';
export * from './claim.review.js';
export * from './claim.parts-return.js';
export { claimSubject } from './claim.document.js';
