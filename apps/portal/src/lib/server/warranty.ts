import type { Cookies } from '@sveltejs/kit';
import { api } from './api';
import { abilityOf } from './ability';
import { ClaimAuthorisationsDocument, ClaimCoverageDocument, type ClaimCoverageQuery, type MeFieldsFragment } from '$lib/graphql/generated';

export interface VehicleWarranty {
  manufacturerId: string;
  manufacturerName: string;
  coverage: ClaimCoverageQuery['warrantyCoverage'];
}

/**
 * What the manufacturers that authorise this workshop know of a VIN, for the front desk: the
 * warranty registration and policy, a 三包 flag, and open recall or service campaigns — so a recall
 * is done while the vehicle is in. Only manufacturers with something to say are listed; a
 * manufacturer whose catalogue cannot be read is skipped (the API decides, this only asks).
 */
export async function vehicleWarranty(cookies: Cookies, me: MeFieldsFragment, vin: string | null | undefined): Promise<VehicleWarranty[]> {
  const v = (vin ?? '').trim().toUpperCase();
  if (!v || !me.tenant || me.tenant.kind === 'MANUFACTURER' || !abilityOf(me).can('read', 'WarrantyCatalogue')) return [];
  const auth = await api(ClaimAuthorisationsDocument, {}, { cookies }).catch(() => null);
  const makers = new Map<string, string>();
  for (const r of auth?.relationships.nodes ?? []) if (r.active && r.to.id === me.tenant.id) makers.set(r.from.id, r.from.name);
  const found = await Promise.all(
    [...makers].slice(0, 5).map(async ([id, name]) => {
      const coverage = await api(ClaimCoverageDocument, { vin: v, manufacturerId: id }, { cookies }).then(
        (r) => r.warrantyCoverage,
        () => null,
      );
      return coverage && (coverage.registration || coverage.openCampaigns.length) ? { manufacturerId: id, manufacturerName: name, coverage } : null;
    }),
  );
  return found.filter((x): x is VehicleWarranty => !!x);
}
