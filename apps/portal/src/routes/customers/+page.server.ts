import { fail, redirect } from '@sveltejs/kit';
import { api, failure } from '$lib/server/api';
import { yuanToFen } from '$lib/money';
import { requireArea, text } from '$lib/server/guard';
import { abilityOf } from '$lib/server/ability';
import { formKey, postedKey } from '$lib/server/idempotency';
import { CreateCustomerDocument, CreateRepairOrderDocument, CustomersDocument, type UsageUnit } from '$lib/graphql/generated';
import { wallTimeToIso, zoneOf } from '$lib/day';
import type { Actions, PageServerLoad } from './$types';

/** A slot on the workshop's wall clock (its tenant's time zone) as an instant. */
function appointmentAt(day: string | null, hour: string | null, zone: string): string | null {
  if (!day || !hour) return null;
  return wallTimeToIso(`${day}T${hour.padStart(2, '0')}:00`, zone);
}

/** The part the form reserves for the appointment (none when no part number is given); prices in yuan. */
function reservedPart(f: FormData) {
  const partNumber = text(f.get('reservePartNumber'));
  if (!partNumber) return null;
  const quantity = Number(text(f.get('reserveQuantity')) ?? '1');
  return [{ partNumber, description: text(f.get('reserveDescription')) ?? partNumber, quantity, unitPriceMinor: yuanToFen(text(f.get('reservePrice'))) ?? '' }];
}

export const load: PageServerLoad = async ({ locals, cookies, url }) => {
  const me = requireArea(locals.me, 'customers');
  const search = url.searchParams.get('q');
  const r = await api(CustomersDocument, { search, first: 50 }, { cookies });
  const ability = abilityOf(me);
  return {
    customers: r.customers,
    search,
    formKey: formKey(),
    can: { createCustomer: ability.can('create', 'Customer'), createOrder: ability.can('create', 'RepairOrder') },
  };
};

export const actions: Actions = {
  create: async ({ request, cookies }) => {
    const f = await request.formData();
    const vin = text(f.get('vin'));
    const meter = text(f.get('meter'));
    try {
      await api(
        CreateCustomerDocument,
        {
          input: {
            name: String(f.get('name') ?? ''),
            phone: String(f.get('phone') ?? ''),
            company: text(f.get('company')),
            vehicles: vin
              ? [
                  {
                    vin,
                    plate: text(f.get('plate')),
                    model: text(f.get('model')),
                    usageUnit: String(f.get('usageUnit') ?? 'KM') as UsageUnit,
                    currentMeter: meter ? Number(meter) : null,
                  },
                ]
              : [],
            idempotencyKey: postedKey(f),
          },
        },
        { cookies },
      );
      return { created: true };
    } catch (e) {
      return fail(400, failure(e));
    }
  },
  order: async ({ request, cookies, locals }) => {
    const f = await request.formData();
    const zone = zoneOf(locals.me?.tenant);
    let id: string;
    try {
      const promised = text(f.get('promisedAt'));
      const r = await api(
        CreateRepairOrderDocument,
        {
          input: {
            customerId: String(f.get('customerId')),
            vehicleId: String(f.get('vehicleId')),
            complaint: String(f.get('complaint') ?? ''),
            // datetime-local is the tenant's wall clock
            promisedAt: wallTimeToIso(promised, zone),
            appointmentAt: appointmentAt(text(f.get('appointmentDay')), text(f.get('appointmentHour')), zone),
            onSite: f.get('onSite') === 'on',
            siteAddress: text(f.get('siteAddress')),
            reservedParts: reservedPart(f),
            depositMinor: yuanToFen(text(f.get('deposit'))),
            idempotencyKey: postedKey(f),
          },
        },
        { cookies },
      );
      id = r.createRepairOrder.repairOrder.id;
    } catch (e) {
      return fail(400, { ...failure(e), vehicleId: String(f.get('vehicleId')) });
    }
    redirect(303, `/orders/${id}`);
  },
};
