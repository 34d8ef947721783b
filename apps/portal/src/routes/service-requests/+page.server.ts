import { fail } from '@sveltejs/kit';
import { api, failure } from '$lib/server/api';
import { abilityOf } from '$lib/server/ability';
import { requireArea, text } from '$lib/server/guard';
import { formKey, postedKey } from '$lib/server/idempotency';
import { ServiceRequestBoardDocument, ServiceRequestContractsDocument, ServiceRequestReportDocument } from '$lib/graphql/generated';
import type { Actions, PageServerLoad } from './$types';

const SHOW = ['open', 'breached', 'all'] as const;
type Show = (typeof SHOW)[number];

/**
 * 报障看板: the provider's service requests (open ones by default, or those breached, or all), the
 * nearest due clock first; the desk registers a customer's phone call against an active contract.
 * The layout's live events refresh it whenever a request is reported or moves on (its clocks tick
 * in the browser meanwhile).
 */
export const load: PageServerLoad = async ({ locals, cookies, url }) => {
  const me = requireArea(locals.me, 'service-requests');
  const ability = abilityOf(me);
  const wanted = url.searchParams.get('show');
  const show: Show = (SHOW as readonly string[]).includes(wanted ?? '') ? (wanted as Show) : 'open';
  const filter = show === 'open' ? { open: true } : show === 'breached' ? { open: true, breached: true } : {};
  const canReport = ability.can('create', 'ServiceRequest');
  const [board, contracts] = await Promise.all([
    api(ServiceRequestBoardDocument, { filter, first: 100 }, { cookies }),
    canReport
      ? api(ServiceRequestContractsDocument, { filter: { status: 'ACTIVE' }, first: 100 }, { cookies }).then((r) => r.serviceContracts.nodes)
      : Promise.resolve([]),
  ]);
  return { requests: board.serviceRequests, show, contracts, can: { report: canReport }, formKey: formKey() };
};

export const actions: Actions = {
  report: async ({ request, cookies }) => {
    const f = await request.formData();
    const values = {
      contractId: String(f.get('contractId') ?? ''),
      severity: Math.trunc(Number(f.get('severity') ?? 0)) || 0,
      description: String(f.get('description') ?? ''),
      vin: String(f.get('vin') ?? ''),
      location: String(f.get('location') ?? ''),
      contactName: String(f.get('contactName') ?? ''),
      contactPhone: String(f.get('contactPhone') ?? ''),
    };
    try {
      const r = await api(
        ServiceRequestReportDocument,
        {
          input: {
            contractId: values.contractId,
            severity: values.severity,
            description: values.description,
            vin: text(values.vin),
            location: text(values.location),
            contactName: text(values.contactName),
            contactPhone: text(values.contactPhone),
            channel: 'PHONE',
            idempotencyKey: postedKey(f),
          },
        },
        { cookies },
      );
      return { done: 'report', number: r.reportServiceRequest.request.number, id: r.reportServiceRequest.request.id };
    } catch (e) {
      return fail(400, { ...failure(e), form: 'report', values });
    }
  },
};
