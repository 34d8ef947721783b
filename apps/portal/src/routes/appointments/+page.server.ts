import { fail } from '@sveltejs/kit';
import { api, failure } from '$lib/server/api';
import { requireArea } from '$lib/server/guard';
import { abilityOf } from '$lib/server/ability';
import { formKey, postedKey } from '$lib/server/idempotency';
import { todayIn, wallTimeToIso, zoneOf } from '$lib/day';
import {
  AcceptBookingRequestDocument,
  AppointmentDayDocument,
  BookingInboxDocument,
  DeclineBookingRequestDocument,
  MarkNoShowDocument,
} from '$lib/graphql/generated';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, cookies, url }) => {
  const me = requireArea(locals.me, 'appointments');
  const day = url.searchParams.get('day') ?? todayIn(zoneOf(me.tenant));
  const r = await api(AppointmentDayDocument, { day }, { cookies });
  const slots = r.appointmentSlots.map((s) => ({ ...s, orders: r.repairOrders.nodes.filter((o) => o.appointmentAt === s.start) }));
  const ability = abilityOf(me);
  // the desk's inbox of requests from the public booking page
  const inbox = ability.can('update', 'BookingRequest') ? (await api(BookingInboxDocument, { status: 'PENDING' }, { cookies })).bookingRequests.nodes : null;
  return {
    day,
    slots,
    inbox,
    providerCode: me.tenant?.code ?? null,
    canCancel: ability.can('cancel', 'RepairOrder'),
    now: new Date().toISOString(),
    formKey: formKey(),
  };
};

export const actions: Actions = {
  acceptBooking: async ({ request, cookies, locals }) => {
    const f = await request.formData();
    const s = (k: string) => String(f.get(k) ?? '').trim();
    try {
      const input = {
        id: s('id'),
        version: Number(f.get('version')),
        vin: s('vin') || null,
        customerId: s('customerId') || null,
        appointmentAt: wallTimeToIso(s('appointmentAt'), zoneOf(locals.me?.tenant)),
        idempotencyKey: postedKey(f),
      };
      const r = await api(AcceptBookingRequestDocument, { input }, { cookies });
      return { accepted: r.acceptBookingRequest.bookingRequest.repairOrderId };
    } catch (e) {
      return fail(400, { ...failure(e), requestId: s('id') });
    }
  },
  declineBooking: async ({ request, cookies }) => {
    const f = await request.formData();
    try {
      await api(
        DeclineBookingRequestDocument,
        { input: { id: String(f.get('id')), version: Number(f.get('version')), reason: String(f.get('reason') ?? '') } },
        { cookies },
      );
      return { done: true };
    } catch (e) {
      return fail(400, { ...failure(e), requestId: String(f.get('id')) });
    }
  },
  noShow: async ({ request, cookies }) => {
    const f = await request.formData();
    try {
      await api(MarkNoShowDocument, { input: { id: String(f.get('id')), version: Number(f.get('version')) } }, { cookies });
      return { done: true };
    } catch (e) {
      return fail(400, failure(e));
    }
  },
};
