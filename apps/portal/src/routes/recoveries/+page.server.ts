import { fail } from '@sveltejs/kit';
import { chosenFiles, noFile, oversized, tooLarge, uploadEach } from '$lib/server/uploads';
import { api, failure } from '$lib/server/api';
import { requireArea, text } from '$lib/server/guard';
import { abilityOf } from '$lib/server/ability';
import { recoveryMachine } from '@asn/domain';
import { formKey, postedKey } from '$lib/server/idempotency';
import {
  RecoveryAcceptDocument,
  RecoveryDisputeDocument,
  RecoveryInboxDocument,
  RecoverySettleDocument,
  RecoveryWithdrawDocument,
  type RecoveryStatus,
} from '$lib/graphql/generated';
import type { Actions, PageServerLoad } from './$types';

/** Open: the recovery's machine still has a step to take; closed: it reached an end. */
const VIEWS: Record<string, RecoveryStatus[] | null> = {
  open: recoveryMachine.states.filter((s) => !recoveryMachine.terminal.includes(s)),
  closed: [...recoveryMachine.terminal],
  all: null,
};

/**
 * 供应商追偿: the supplier's inbox of recovery claims addressed to it (accept, or dispute with
 * evidence), and the manufacturer's list of what it raised (withdraw, settle once accepted).
 */
export const load: PageServerLoad = async ({ locals, cookies, url }) => {
  const me = requireArea(locals.me, 'recoveries');
  const view = (url.searchParams.get('view') ?? 'open') in VIEWS ? (url.searchParams.get('view') ?? 'open') : 'open';
  const after = url.searchParams.get('after');
  const r = await api(RecoveryInboxDocument, { status: VIEWS[view], first: 20, after }, { cookies });
  const ability = abilityOf(me);
  const answer = ability.can('answer', 'RecoveryClaim');
  return {
    // each card's buttons: the events the API says this user may fire on it now (allowedEvents)
    recoveries: r.recoveryClaims,
    view,
    after,
    isSupplier: me.tenant?.kind === 'PARTS_SUPPLIER',
    formKey: formKey(),
    can: {
      answer,
      attach: answer && ability.can('create', 'Attachment'),
      withdraw: ability.can('raise', 'RecoveryClaim'),
      settle: ability.can('settle', 'RecoveryClaim'),
    },
  };
};

const ref = (f: FormData) => ({ id: String(f.get('id') ?? ''), version: Number(f.get('version')) });

export const actions: Actions = {
  accept: async ({ request, cookies }) => {
    const f = await request.formData();
    try {
      await api(RecoveryAcceptDocument, { input: { ...ref(f), note: text(f.get('note')) } }, { cookies });
      return { done: 'accepted' as const, id: ref(f).id };
    } catch (e) {
      return fail(400, { ...failure(e), id: ref(f).id });
    }
  },
  dispute: async ({ request, cookies }) => {
    const f = await request.formData();
    try {
      await api(RecoveryDisputeDocument, { input: { ...ref(f), reason: String(f.get('reason') ?? '') } }, { cookies });
      return { done: 'disputed' as const, id: ref(f).id };
    } catch (e) {
      return fail(400, { ...failure(e), id: ref(f).id });
    }
  },
  withdraw: async ({ request, cookies }) => {
    const f = await request.formData();
    try {
      await api(RecoveryWithdrawDocument, { input: { ...ref(f), note: text(f.get('note')) } }, { cookies });
      return { done: 'withdrawn' as const, id: ref(f).id };
    } catch (e) {
      return fail(400, { ...failure(e), id: ref(f).id });
    }
  },
  settle: async ({ request, cookies }) => {
    const f = await request.formData();
    try {
      await api(RecoverySettleDocument, { input: { ...ref(f), idempotencyKey: postedKey(f) } }, { cookies });
      return { done: 'settled' as const, id: ref(f).id };
    } catch (e) {
      return fail(400, { ...failure(e), id: ref(f).id });
    }
  },
  /** The supplier's evidence (inspection report, photos): each file one upload, base64 (ADR 0006). */
  evidence: async ({ request, cookies }) => {
    const f = await request.formData();
    const id = String(f.get('id') ?? '');
    const files = chosenFiles(f);
    if (!files.length) return fail(400, { ...noFile(), id });
    const tooBig = oversized(files);
    if (tooBig) return fail(400, { ...tooLarge(tooBig), id });
    const { attached, refused } = await uploadEach(cookies, files, () => ({ ownerType: 'RECOVERY_CLAIM', ownerId: id }));
    return refused ? fail(400, { ...refused, attached, id }) : { attached, id };
  },
};
