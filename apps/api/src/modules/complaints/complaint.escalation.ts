import { escalationDue } from '@asn/domain';
import type { JobRegistry } from '../../platform/jobs.js';
import { COMPLAINT_TIMER } from './complaint.document.js';
import { Complaint } from './complaint.entity.js';
import { escalateTo } from './complaint.handling.js';

/**
 * The escalation clock's runs (planned by the declaration's timer): at its time, a complaint still
 * unanswered and below the step is escalated — to the supervisor, then to the manufacturer — and
 * they are told. A run that finds the complaint resolved, or escalated that far already by hand,
 * does nothing.
 */
export function registerComplaintJobs(jobs: JobRegistry): void {
  jobs.register(COMPLAINT_TIMER.ESCALATE, async (tx, payload) => {
    const c = await tx.em.findOne(Complaint, { id: String(payload.complaintId) });
    const level = Number(payload.level);
    if (!c) return;
    const at = level >= 2 ? c.escalate2At : c.resolveDueAt;
    if (!escalationDue(c, level, at, tx.ctx.clock.now())) return;
    await escalateTo(tx, c, level, { automatic: true, note: null });
  });
}
