import { fail } from '@sveltejs/kit';
import { api, failure, notFoundAs404 } from '$lib/server/api';
import { DEFAULT_TIME_ZONE, addDays, todayIn, zoneOf } from '$lib/day';
import { formKey, postedKey } from '$lib/server/idempotency';
import { BookingPageDocument, RequestBookingByLinkDocument, RequestBookingDocument, type BookingKind } from '$lib/graphql/generated';
import type { Actions, PageServerLoad } from './$types';

const kindOf = (v: unknown): BookingKind => (v === 'ON_SITE' ? 'ON_SITE' : 'WORKSHOP');

/**
 * A provider's public booking page: its free times of a day, and the request form (no account).
 * Days are the provider's own (its time zone, which the page's answer names).
 */
export const load: PageServerLoad = async ({ params, url, cookies }) => {
  const asked = url.searchParams.get('day');
  try {
    let r = await api(BookingPageDocument, { providerCode: params.code, day: asked || todayIn(DEFAULT_TIME_ZONE) }, { cookies });
    const today = todayIn(zoneOf({ timezone: r.bookingPage.timeZone }));
    // no day asked: the provider's today, which in its zone may not be the default zone's
    if (!asked && r.bookingPage.day !== today) r = await api(BookingPageDocument, { providerCode: params.code, day: today }, { cookies });
    const day = r.bookingPage.day;
    return {
      booking: r.bookingPage,
      day,
      minDay: today,
      maxDay: addDays(today, r.bookingPage.horizonDays),
      kind: kindOf(url.searchParams.get('kind')),
      from: url.searchParams.get('from'),
      now: new Date().toISOString(),
      formKey: formKey(),
    };
  } catch (e) {
    notFoundAs404(e);
  }
};

export const actions: Actions = {
  default: async ({ request, params, cookies }) => {
    const f = await request.formData();
    const s = (k: string) => String(f.get(k) ?? '').trim();
    const kind = kindOf(f.get('kind'));
    const values = {
      kind,
      requestedAt: s('requestedAt'),
      name: s('name'),
      phone: s('phone'),
      plate: s('plate'),
      vin: s('vin'),
      model: s('model'),
      complaint: s('complaint'),
      siteAddress: s('siteAddress'),
    };
    try {
      const common = {
        kind,
        requestedAt: values.requestedAt,
        complaint: values.complaint,
        siteAddress: values.siteAddress || null,
        idempotencyKey: postedKey(f),
      };
      const receipt = s('token')
        ? (await api(RequestBookingByLinkDocument, { input: { ...common, token: s('token'), phoneLast4: s('phoneLast4') } }, { cookies })).requestBookingByLink
        : (
            await api(
              RequestBookingDocument,
              {
                input: {
                  ...common,
                  providerCode: params.code,
                  name: values.name,
                  phone: values.phone,
                  plate: values.plate || null,
                  vin: values.vin || null,
                  model: values.model || null,
                },
              },
              { cookies },
            )
          ).requestBooking;
      return { receipt };
    } catch (e) {
      return fail(400, { ...failure(e), values });
    }
  },
};
