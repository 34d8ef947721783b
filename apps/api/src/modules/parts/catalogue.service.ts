/**
 * The sellers' parts catalogues: kept by their owner (a manufacturer's depot or a supplier), read
 * by the buyers it trades with, priced at the buyer's net price. A number that was superseded is
 * resolved to the current one wherever a buyer enters it.
 */
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { asSubject } from '@asn/authz';
import {
  DomainError,
  ErrorCode,
  InputCheck,
  PART_CATEGORIES,
  RelationshipKind,
  SUPERSESSION_MODES,
  SupersessionChains,
  assertId,
  netPrice,
  uuidv7,
  type PartCategory,
  type SupersessionMode,
} from '@asn/domain';
import { inTx, memberOf, type Ctx, type Tx } from '../../platform/context.js';
import { Relationship, Tenant } from '../../platform/db/entities.js';
import { CataloguePart, PartSupersession } from './parts.entity.js';
import { planNightlyClassification } from './parts-abc.js';

/** Catalogue queries name the seller themselves: buyers read it too (row-level security `app_buys_from`). */
export const CATALOGUE = { filters: false } as const;

export const PART_NUMBER = /^[A-Z0-9][A-Z0-9.-]{1,39}$/;
export const PART_UNITS = ['PCS', 'SET', 'PAIR', 'L', 'KG', 'M'] as const;

/** A seller the actor's tenant buys from, with the discount its relationship gives. */
export interface Seller {
  id: string;
  name: string;
  kind: string;
  discountBp: number | null;
}

/**
 * The sellers the actor's tenant buys parts from: the manufacturers that authorise it (their
 * depot), the suppliers it holds a trade account with, and — for a manufacturer — the suppliers
 * it has a supply agreement with. Only relationships valid today count.
 */
export async function sellersOf(tx: Tx, today: string): Promise<Seller[]> {
  const me = memberOf(tx.ctx).tenantId;
  const rels = await tx.em.find(Relationship, {
    $or: [
      { kind: RelationshipKind.DEALER_AUTHORIZATION, toTenantId: me },
      { kind: { $in: [RelationshipKind.TRADE_ACCOUNT, RelationshipKind.SUPPLY_AGREEMENT] }, fromTenantId: me },
    ],
  });
  const valid = rels.filter((r) => r.validFrom <= today && (!r.validTo || today <= r.validTo));
  const ids = [...new Set(valid.map((r) => (r.kind === RelationshipKind.DEALER_AUTHORIZATION ? r.fromTenantId : r.toTenantId)))];
  if (!ids.length) return [];
  // a counterparty's tenant row is readable (row-level security: own tenant or a relationship's other side)
  const tenants = await tx.em.find(Tenant, { id: { $in: ids } });
  return ids.map((id) => {
    const t = tenants.find((x) => x.id === id);
    const r = valid.find((x) => x.fromTenantId === id || x.toTenantId === id)!;
    return { id, name: t?.name ?? '', kind: t?.kind ?? '', discountBp: r.partsDiscountBp };
  });
}

/** The seller, if the actor's tenant buys from it (NOT_FOUND otherwise: a seller's existence is not probed). */
export async function sellerFor(tx: Tx, sellerId: string, today: string): Promise<Seller> {
  const id = assertId('input.sellerId', sellerId);
  const seller = (await sellersOf(tx, today)).find((s) => s.id === id);
  if (!seller) throw DomainError.notFound('Seller');
  return seller;
}

/** The seller's supersession chains (loaded whole: a catalogue has few of them beside its parts). */
export async function chainsOf(tx: Tx, sellerId: string): Promise<SupersessionChains> {
  const links = await tx.em.find(PartSupersession, { tenantId: sellerId }, CATALOGUE);
  return new SupersessionChains(links.map((l) => ({ from: l.fromNumber, to: l.toNumber, mode: l.mode })));
}

export interface PricedPart {
  part: CataloguePart;
  /** The number as entered, when it was superseded by `part.partNumber`. */
  supersededFrom: string | null;
  netPriceMinor: bigint;
}

/**
 * The catalogue entries for numbers a buyer entered, each resolved to its current number and
 * priced at the buyer's net price; a number the seller does not list is absent from the map.
 */
export async function priceParts(tx: Tx, seller: Seller, numbers: readonly string[]): Promise<Map<string, PricedPart>> {
  const chains = await chainsOf(tx, seller.id);
  const current = new Map(numbers.map((n) => [n, chains.current(n)]));
  const parts = await tx.em.find(CataloguePart, { tenantId: seller.id, partNumber: { $in: [...new Set(current.values())] } }, CATALOGUE);
  const out = new Map<string, PricedPart>();
  for (const [entered, now] of current) {
    const part = parts.find((p) => p.partNumber === now);
    if (part)
      out.set(entered, { part, supersededFrom: entered === now ? null : entered, netPriceMinor: netPrice(BigInt(part.listPriceMinor), seller.discountBp) });
  }
  return out;
}

function requireSeller(ctx: Ctx): string {
  const actor = memberOf(ctx);
  if (!ctx.ability.can('create', asSubject('CataloguePart', { tenantId: actor.tenantId })))
    throw DomainError.because(
      ErrorCode.FORBIDDEN,
      'ACTION_NOT_ALLOWED',
      { document: 'CataloguePart', action: 'create' },
      'Only a seller’s parts staff keep its catalogue.',
    );
  return actor.tenantId;
}

export interface PartInput {
  partNumber: string;
  nameZh: string;
  nameEn?: string | null;
  unit?: string | null;
  category: string;
  listPriceMinor: string;
  currency?: string | null;
  models?: readonly string[] | null;
  discontinued?: boolean | null;
}

/** Checks one catalogue row (`field` names it: `input` or an import's line) and gives the values to store. */
export function checkPart(check: InputCheck, field: string, input: PartInput) {
  const partNumber = (input.partNumber ?? '').trim().toUpperCase();
  if (!PART_NUMBER.test(partNumber))
    check.because(`${field}.partNumber`, 'NOT_A_CODE', { value: partNumber, min: 2, max: 40, dots: true }, 'not a part number');
  const nameZh = check.required(`${field}.nameZh`, input.nameZh, 200);
  const nameEn = check.optional(`${field}.nameEn`, input.nameEn, 200);
  const unit = (input.unit ?? 'PCS').trim().toUpperCase() || 'PCS';
  if (!(PART_UNITS as readonly string[]).includes(unit)) check.because(`${field}.unit`, 'NOT_ONE_OF', { value: unit, allowed: PART_UNITS }, 'not a unit');
  const category = (input.category ?? '').trim().toUpperCase();
  if (!(PART_CATEGORIES as readonly string[]).includes(category))
    check.because(`${field}.category`, 'NOT_ONE_OF', { value: category, allowed: PART_CATEGORIES }, 'not a part category');
  const price = check.minor(`${field}.listPriceMinor`, input.listPriceMinor);
  const currency = (input.currency ?? 'CNY').trim().toUpperCase() || 'CNY';
  if (!/^[A-Z]{3}$/.test(currency)) check.because(`${field}.currency`, 'NOT_A_CURRENCY', { value: currency }, 'not a currency');
  const models = [...new Set((input.models ?? []).map((m) => m.trim().toUpperCase()).filter(Boolean))];
  return {
    partNumber,
    nameZh,
    nameEn,
    unit,
    category: category as PartCategory,
    listPriceMinor: String(price ?? 0n),
    currency,
    models,
    discontinued: !!input.discontinued,
  };
}

/** Adds a part to the seller's catalogue, or updates it by its number. */
export async function savePart(ctx: Ctx, input: PartInput): Promise<CataloguePart> {
  const owner = requireSeller(ctx);
  const check = new InputCheck();
  const values = checkPart(check, 'input', input);
  check.done();
  return inTx(ctx, async (tx) => {
    const found = await tx.em.findOne(CataloguePart, { tenantId: owner, partNumber: values.partNumber }, CATALOGUE);
    const part = found ?? Object.assign(new CataloguePart(), { id: uuidv7(), tenantId: owner, createdAt: ctx.clock.now() });
    const before = found ? { listPriceMinor: found.listPriceMinor, discontinued: found.discontinued } : null;
    Object.assign(part, values, { updatedAt: ctx.clock.now() });
    tx.em.persist(part);
    await tx.em.flush();
    // the catalogue's ABC classes are recomputed every night from its demand
    await planNightlyClassification(tx);
    tx.record({
      action: found ? 'cataloguePart.updated' : 'cataloguePart.created',
      entityType: 'CataloguePart',
      entityId: part.id,
      before,
      after: { partNumber: part.partNumber, listPriceMinor: part.listPriceMinor, discontinued: part.discontinued },
    });
    return part;
  });
}

/** An old number gives way to a new one of the same catalogue; a loop or a second successor is refused. */
export async function supersede(ctx: Ctx, input: { fromNumber: string; toNumber: string; mode: SupersessionMode }): Promise<PartSupersession> {
  const owner = requireSeller(ctx);
  const from = input.fromNumber.trim().toUpperCase();
  const to = input.toNumber.trim().toUpperCase();
  const check = new InputCheck();
  if (!PART_NUMBER.test(from)) check.because('input.fromNumber', 'NOT_A_CODE', { value: from, min: 2, max: 40, dots: true }, 'not a part number');
  if (!PART_NUMBER.test(to)) check.because('input.toNumber', 'NOT_A_CODE', { value: to, min: 2, max: 40, dots: true }, 'not a part number');
  if (!SUPERSESSION_MODES.includes(input.mode)) check.because('input.mode', 'NOT_ONE_OF', { value: input.mode, allowed: SUPERSESSION_MODES }, 'not a mode');
  check.done();
  return inTx(ctx, async (tx) => {
    const target = await tx.em.findOne(CataloguePart, { tenantId: owner, partNumber: to }, CATALOGUE);
    if (!target) throw DomainError.because(ErrorCode.NOT_FOUND, 'UNKNOWN_CODE', { what: 'PART', code: to }, `Part ${to} is not in the catalogue.`);
    const links = await tx.em.find(PartSupersession, { tenantId: owner }, CATALOGUE);
    // the chains with the new link must still be chains (no loop, one successor per number)
    new SupersessionChains([...links.map((l) => ({ from: l.fromNumber, to: l.toNumber, mode: l.mode })), { from, to, mode: input.mode }]);
    const link = Object.assign(new PartSupersession(), {
      id: uuidv7(),
      tenantId: owner,
      fromNumber: from,
      toNumber: to,
      mode: input.mode,
      createdAt: ctx.clock.now(),
    });
    tx.em.persist(link);
    try {
      await tx.em.flush();
    } catch (e) {
      if (e instanceof UniqueConstraintViolationException)
        throw DomainError.because(ErrorCode.BAD_USER_INPUT, 'SUPERSESSION_CYCLE', { partNumber: from }, `${from} is superseded already.`);
      throw e;
    }
    tx.record({ action: 'cataloguePart.superseded', entityType: 'CataloguePart', entityId: target.id, after: { from, to, mode: input.mode } });
    return link;
  });
}

/** The numbers that start with `prefix`, as a range (byte order, collate "C"): an index range scan, also under row-level security. */
export function prefixRange(prefix: string): { $gte: string; $lt: string } {
  return { $gte: prefix, $lt: prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1) };
}

/** One thing a catalogue part is found by (catalogue_part_terms): a term, or the terms that start with it. */
interface TermCondition {
  kind: 'G' | 'W' | 'M';
  term: string;
  prefix?: boolean;
}

/**
 * A name query: the conditions on the terms, and the check of a candidate's names in SQL (run on
 * the candidates only, after row-level security has judged them).
 */
export function nameQuery(name: string): { conditions: TermCondition[]; sql: string; params: string[] } | null {
  const text = name.toLowerCase().replace(/\s+/g, '');
  if (!text) return null;
  if (/\p{Script=Han}/u.test(text)) {
    // Chinese: the bigrams of the name (one character: the bigrams that start with it)
    const chars = [...text];
    const grams = chars.length === 1 ? [] : [...new Set(chars.slice(0, -1).map((c, i) => c + chars[i + 1]))];
    if (grams.length > 20) return null;
    return {
      conditions: grams.length ? grams.map((term) => ({ kind: 'G', term })) : [{ kind: 'G', term: text, prefix: true }],
      sql: `strpos(lower(regexp_replace(name_zh, '\\s+', '', 'g')), ?) > 0`,
      params: [text],
    };
  }
  // letters and digits: whole words, the last one as the start of a word ("brake pa" finds "Brake pad")
  const words = name
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  if (!words.length || words.length > 10) return null;
  return {
    conditions: words.map((term, i) => ({ kind: 'W', term, prefix: i === words.length - 1 })),
    // the words are letters and digits only: safe in a regular expression
    sql: words.map(() => `(lower(name_zh || ' ' || coalesce(name_en, '')) ~ ?)`).join(' and '),
    params: words.map((w, i) => `(^|[^a-z0-9])${w}${i === words.length - 1 ? '' : '([^a-z0-9]|$)'}`),
  };
}

/**
 * The parts (at most the 1 000 newest) of a seller that hold every term condition: each condition is
 * counted up to 5 001 first (cheap even for a word every part has); when the rarest is under that,
 * the three rarest are intersected, else the holders of the rarest are scanned from the newest and
 * the rest checked per candidate (ADR 0008, as for customers' names).
 */
async function partsByTerms(tx: Tx, sellerId: string, conditions: readonly TermCondition[]): Promise<string[]> {
  const CAP = 5000;
  // a term is stored led by its kind (G制动, Wbrake, MZL50)
  const sql = (c: TermCondition, alias: string) => (c.prefix ? `${alias}.term >= ? and ${alias}.term < ?` : `${alias}.term = ?`);
  const params = (c: TermCondition) => (c.prefix ? [c.kind + c.term, prefixRange(c.kind + c.term).$lt] : [c.kind + c.term]);
  const counted = await tx.em.execute<Record<string, number>[]>(
    `select ${conditions
      .map((c, i) => `(select count(*) from (select 1 from catalogue_part_terms g where g.tenant_id = ? and ${sql(c, 'g')} limit ${CAP + 1}) x)::int as n${i}`)
      .join(', ')}`,
    conditions.flatMap((c) => [sellerId, ...params(c)]),
  );
  const ranked = conditions.map((c, i) => ({ c, n: Number(counted[0]?.[`n${i}`] ?? 0) })).sort((a, b) => a.n - b.n);
  if (!ranked.length || ranked[0]!.n === 0) return [];
  if (ranked[0]!.n <= CAP) {
    const use = ranked.slice(0, 3).map((r) => r.c);
    const rows = await tx.em.execute<{ part_id: string }[]>(
      `select part_id from (${use
        .map((c, i) => `select distinct g.part_id, ${i} as c from catalogue_part_terms g where g.tenant_id = ? and ${sql(c, 'g')}`)
        .join(' union all ')}) x group by part_id having count(*) = ? order by part_id desc limit 1000`,
      [...use.flatMap((c) => [sellerId, ...params(c)]), use.length],
    );
    return rows.map((r) => r.part_id);
  }
  const [rarest, ...rest] = ranked.map((r) => r.c);
  const rows = await tx.em.execute<{ part_id: string }[]>(
    `select distinct g.part_id from catalogue_part_terms g where g.tenant_id = ? and ${sql(rarest!, 'g')}
      ${rest.map((c) => `and exists (select 1 from catalogue_part_terms h where h.tenant_id = g.tenant_id and h.part_id = g.part_id and ${sql(c, 'h')})`).join(' ')}
      order by g.part_id desc limit 1000`,
    [sellerId, ...params(rarest!), ...rest.flatMap(params)],
  );
  return rows.map((r) => r.part_id);
}

/** Whether a search text is the start of a part number (else it is searched as a name). */
export function isNumberPrefix(q: string): boolean {
  return /^[A-Z0-9][A-Z0-9.-]{0,39}$/.test(q.trim().toUpperCase());
}

/**
 * Searches a catalogue the actor may read (its own, or a seller's it buys from) by the start of a
 * part number, by name (Chinese or English) or by a model it fits; current parts first,
 * discontinued ones last. The number is a range on the b-tree that leads with the seller; names and
 * models go through catalogue_part_terms (an index scan under row-level security, ADR 0008). A
 * `query` that cannot be the start of a number (Chinese, spaces) is searched as a name.
 */
export async function searchCatalogue(
  ctx: Ctx,
  input: { sellerId?: string | null; query?: string | null; name?: string | null; model?: string | null; first?: number | null },
  today: string,
): Promise<{ seller: Seller; parts: PricedPart[] }> {
  const actor = memberOf(ctx);
  if (!ctx.ability.can('read', 'CataloguePart')) throw DomainError.forbidden('Your roles do not include the parts catalogue.');
  const first = Math.min(Math.max(input.first ?? 20, 1), 100);
  return inTx(ctx, async (tx) => {
    const seller: Seller =
      !input.sellerId || input.sellerId === actor.tenantId
        ? { id: actor.tenantId, name: (await tx.em.findOne(Tenant, { id: actor.tenantId }))?.name ?? '', kind: actor.tenantKind, discountBp: null }
        : await sellerFor(tx, input.sellerId, today);
    const raw = (input.query ?? '').trim();
    const q = isNumberPrefix(raw) ? raw.toUpperCase() : '';
    const name = nameQuery([input.name ?? '', q ? '' : raw].join(' ').trim());
    const nameGiven = !!(input.name ?? '').trim() || (!!raw && !q);
    const model = (input.model ?? '').trim().toUpperCase();
    const priced = (part: CataloguePart): PricedPart => ({
      part,
      supersededFrom: null,
      netPriceMinor: netPrice(BigInt(part.listPriceMinor), seller.discountBp),
    });
    const where: Record<string, unknown> = { tenantId: seller.id };
    if (q) where.partNumber = prefixRange(q);
    const order = { ...CATALOGUE, orderBy: { discontinued: 'asc', partNumber: 'asc' } } as const;
    if (!nameGiven && !model) return { seller, parts: (await tx.em.find(CataloguePart, where, { ...order, limit: first })).map(priced) };
    if (nameGiven && !name) return { seller, parts: [] };
    const conditions: TermCondition[] = [...(name?.conditions ?? []), ...(model ? [{ kind: 'M' as const, term: model }] : [])];
    const ids = await partsByTerms(tx, seller.id, conditions);
    if (!ids.length) return { seller, parts: [] };
    // the candidates that really hold the text and the model, in catalogue order: the first page only
    const hits = await tx.em.execute<{ id: string }[]>(
      `select id from catalogue_parts where tenant_id = ? and id = any (?::uuid[])
          ${q ? 'and part_number >= ? and part_number < ?' : ''} ${name ? `and ${name.sql}` : ''} ${model ? 'and ? = any (models)' : ''}
        order by discontinued, part_number limit ?`,
      [seller.id, `{${ids.join(',')}}`, ...(q ? [q, prefixRange(q).$lt] : []), ...(name?.params ?? []), ...(model ? [model] : []), first],
    );
    if (!hits.length) return { seller, parts: [] };
    const rows = await tx.em.find(CataloguePart, { tenantId: seller.id, id: { $in: hits.map((h) => h.id) } }, CATALOGUE);
    const byId = new Map(rows.map((p) => [p.id, p]));
    return { seller, parts: hits.flatMap((h) => (byId.has(h.id) ? [priced(byId.get(h.id)!)] : [])) };
  });
}
