import { EntitySchema } from '@mikro-orm/core';
import { tenantFilter } from '../../platform/db/entities.js';

export class TrackingLink {
  id!: string;
  tenantId!: string;
  repairOrderId!: string;
  tokenHash!: string;
  createdBy: string | null = null;
  createdAt: Date = new Date();
  expiresAt!: Date;
  revokedAt: Date | null = null;
  lastChasedAt: Date | null = null;
  lastUsedAt: Date | null = null;
}

export class RepairOrderRating {
  id!: string;
  tenantId!: string;
  repairOrderId!: string;
  stars!: number;
  comment: string | null = null;
  createdAt: Date = new Date();
}

const uuid = { type: 'uuid' } as const;

export const TrackingLinkSchema = new EntitySchema<TrackingLink>({
  class: TrackingLink,
  tableName: 'tracking_links',
  filters: tenantFilter,
  properties: {
    id: { ...uuid, primary: true },
    tenantId: uuid,
    repairOrderId: uuid,
    tokenHash: { type: 'string', hidden: true },
    createdBy: { ...uuid, nullable: true },
    createdAt: { type: 'Date' },
    expiresAt: { type: 'Date' },
    revokedAt: { type: 'Date', nullable: true },
    lastChasedAt: { type: 'Date', nullable: true },
    lastUsedAt: { type: 'Date', nullable: true },
  },
});

export const RepairOrderRatingSchema = new EntitySchema<RepairOrderRating>({
  class: RepairOrderRating,
  tableName: 'repair_order_ratings',
  filters: tenantFilter,
  properties: {
    id: { ...uuid, primary: true },
    tenantId: uuid,
    repairOrderId: uuid,
    stars: { type: 'integer' },
    comment: { type: 'string', nullable: true },
    createdAt: { type: 'Date' },
  },
});

/** A tracking link opens (and its photos download) while it is neither withdrawn nor expired. */
export function linkOpen(link: { revokedAt: Date | null; expiresAt: Date }, now: Date): boolean {
  return !link.revokedAt && link.expiresAt > now;
}
