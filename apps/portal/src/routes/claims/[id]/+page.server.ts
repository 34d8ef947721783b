import { fail } from '@sveltejs/kit';
import { asSubject } from '@asn/authz';
import { chosenFiles, oversized, uploadEach } from '$lib/server/uploads';
import { api, ApiError, attempt, failure, notFoundAs404, said } from '$lib/server/api';
import { requireArea, text } from '$lib/server/guard';
import { abilityOf } from '$lib/server/ability';
import { formKey, postedKey } from '$lib/server/idempotency';
import { yuanToFen } from '$lib/money';
import { translator } from '$lib/i18n';
import {
  ClaimAppealDocument,
  ClaimCatalogueDocument,
  ClaimCoverageDocument,
  ClaimDecideDocument,
  ClaimDetailDocument,
  ClaimProvideInfoDocument,
  ClaimRaiseRecoveryDocument,
  ClaimReopenDocument,
  ClaimRequestInfoDocument,
  ClaimShipPartsDocument,
  ClaimSubmitDocument,
  ClaimUpdateDocument,
} from '$lib/graphql/generated';
import { CLAIM_EDITABLE, allowedEvents, claimMachine, partReturnEventActions } from '@asn/domain';
import { DECISION_EVENTS, EVIDENCE_KINDS, REASON_CODES, isOneOf } from '../claims';
import { linesFromForm } from '../lines';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, cookies, params }) => {
  const me = requireArea(locals.me, 'claims');
  const claim = await api(ClaimDetailDocument, { id: params.id }, { cookies }).then((r) => r.warrantyClaim, notFoundAs404);
  const ability = abilityOf(me);
  const subject = asSubject('WarrantyClaim', { tenantId: claim.dealerId, manufacturerId: claim.manufacturerId, status: claim.status, region: claim.region });
  const mine = me.tenant?.id;
  const can = {
    update: ability.can('update', subject),
    submit: ability.can('submit', subject),
    review: ability.can('review', subject),
    // a returned part's SHIP (the claim lists no events for its parts)
    ship: ability.can(partReturnEventActions.SHIP, subject),
    raise: mine === claim.manufacturerId && ability.can('raise', asSubject('RecoveryClaim', { tenantId: mine })),
  };
  // the reviewer may decide the claim now (approve, partially approve or reject: the decision form)
  const deciding = claim.allowedEvents.some((e) => (DECISION_EVENTS as readonly string[]).includes(e));
  // the decision form asks for the parts back when the VIN's policy says so
  let partsReturnDefault = false;
  if (deciding) {
    const coverage = await api(ClaimCoverageDocument, { vin: claim.vin }, { cookies }).then(
      (r) => r.warrantyCoverage,
      () => null,
    );
    partsReturnDefault = coverage?.policy?.partsReturnRequired ?? false;
  }
  // the dealer edits drafts and claims sent back: codes complete from the manufacturer's catalogue
  const editable = can.update && CLAIM_EDITABLE.includes(claim.status);
  const catalogue = editable
    ? await api(ClaimCatalogueDocument, { manufacturerId: claim.manufacturerId }, { cookies }).then(
        (r) => r.warrantyCatalogue,
        () => null,
      )
    : null;
  // the machine's next step is an appeal, but the claim's one appeal was used (the API's guard)
  const appealUsed = can.submit && allowedEvents(claimMachine, claim.status).includes('APPEAL') && !claim.allowedEvents.includes('APPEAL');
  return { claim, can, deciding, editable, appealUsed, catalogue, partsReturnDefault, now: new Date().toISOString(), formKey: formKey() };
};

const ref = (f: FormData) => ({ id: String(f.get('id') ?? ''), version: Number(f.get('version')) });

export const actions: Actions = {
  /** Submit a draft; a refusal for missing evidence names the kinds, which the page lists. */
  submit: async ({ request, cookies }) => {
    try {
      const f = await request.formData();
      await api(ClaimSubmitDocument, { input: { ...ref(f), idempotencyKey: postedKey(f) } }, { cookies });
      return { submitted: true };
    } catch (e) {
      const missing = e instanceof ApiError && Array.isArray(e.details?.missingEvidence) ? e.details.missingEvidence.map(String) : [];
      return fail(400, { ...failure(e), missing });
    }
  },
  /** Evidence: each file one upload (base64, ADR 0006), with what it proves. */
  attach: async ({ request, cookies, locals }) => {
    const t = translator(locals.lang);
    const f = await request.formData();
    const files = chosenFiles(f);
    if (!files.length) return fail(400, said(t('claim.attach.choose')));
    const tooBig = oversized(files);
    if (tooBig) return fail(400, said(t('claim.attach.tooLarge'), { fileName: tooBig.name }));
    const kind = String(f.get('evidenceKind') ?? '');
    const { attached, refused } = await uploadEach(cookies, files, () => ({
      ownerType: 'WARRANTY_CLAIM',
      ownerId: String(f.get('id') ?? ''),
      evidenceKind: isOneOf(EVIDENCE_KINDS, kind) ? kind : null,
    }));
    return refused ? fail(400, { ...refused, attached }) : { attached };
  },
  /** The dealer corrects a draft (or a claim sent back for information): meter, dates, 3C, causal part. */
  update: async ({ request, cookies, locals }) => {
    const f = await request.formData();
    const t = translator(locals.lang);
    const meter = text(f.get('meter'));
    if (meter && !/^\d+$/.test(meter)) return fail(400, said(t('claim.form.badMeter')));
    // the lines are replaced only when the editor was touched (a prefilled claim keeps its links to the order's lines)
    const lines = f.get('linesTouched') === 'yes' ? linesFromForm(f) : undefined;
    if (lines === null) return fail(400, said(t('claim.form.badAmount')));
    return attempt(
      ClaimUpdateDocument,
      {
        input: {
          ...ref(f),
          meter: meter ? Number(meter) : null,
          failureDate: text(f.get('failureDate')),
          complaint: text(f.get('complaint')),
          cause: text(f.get('cause')),
          correction: text(f.get('correction')),
          causalPartNumber: text(f.get('causalPartNumber')),
          lines: lines ?? null,
        },
      },
      cookies,
    );
  },
  provideInfo: async ({ request, cookies }) => {
    const f = await request.formData();
    return attempt(ClaimProvideInfoDocument, { input: { ...ref(f), answer: String(f.get('answer') ?? '') } }, cookies);
  },
  appeal: async ({ request, cookies }) => {
    const f = await request.formData();
    return attempt(ClaimAppealDocument, { input: { ...ref(f), reason: String(f.get('reason') ?? '') } }, cookies);
  },
  /** Per line: the approved amount (yuan, default the claimed one) and a reason when reduced. */
  decide: async ({ request, cookies, locals }) => {
    const t = translator(locals.lang);
    const f = await request.formData();
    const reason = text(f.get('reasonCode'));
    const claimReason = isOneOf(REASON_CODES, reason) ? reason : null;
    const lines = [];
    for (const lineId of f.getAll('lineId').map(String)) {
      const approved = yuanToFen(text(f.get(`approved-${lineId}`)));
      if (approved == null || !/^\d+$/.test(approved)) return fail(400, said(t('claim.form.badAmount')));
      // a reduced line without its own reason takes the claim's (the API drops it on full approval)
      const lineReason = text(f.get(`reason-${lineId}`));
      lines.push({ lineId, approvedMinor: approved, reasonCode: isOneOf(REASON_CODES, lineReason) ? lineReason : claimReason });
    }
    return attempt(
      ClaimDecideDocument,
      {
        input: {
          ...ref(f),
          lines,
          reasonCode: claimReason,
          note: text(f.get('note')),
          requirePartsReturn: f.get('requirePartsReturn') === 'on',
        },
      },
      cookies,
    );
  },
  requestInfo: async ({ request, cookies }) => {
    const f = await request.formData();
    return attempt(ClaimRequestInfoDocument, { input: { ...ref(f), question: String(f.get('question') ?? '') } }, cookies);
  },
  reopen: async ({ request, cookies }) => attempt(ClaimReopenDocument, { input: ref(await request.formData()) }, cookies),
  ship: async ({ request, cookies }) => {
    const f = await request.formData();
    return attempt(
      ClaimShipPartsDocument,
      { input: { ...ref(f), carrier: String(f.get('carrier') ?? ''), trackingNumber: String(f.get('trackingNumber') ?? '') } },
      cookies,
    );
  },
  raiseRecovery: async ({ request, cookies }) => {
    const f = await request.formData();
    try {
      const r = await api(
        ClaimRaiseRecoveryDocument,
        { input: { claimId: String(f.get('id') ?? ''), note: text(f.get('note')), idempotencyKey: postedKey(f) } },
        { cookies },
      );
      return { recovery: r.raiseRecoveryClaim.recovery.number };
    } catch (e) {
      return fail(400, failure(e));
    }
  },
};
