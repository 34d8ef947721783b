/**
 * A seller's catalogue import from a CSV or XLSX file (docs/parts.md, "Catalogue import").
 *
 * Two steps: `startImport` records the import (PENDING) and gives its id; the file is then sent to
 * the import route (`catalogue-import.http.ts`), which streams it through `runImport`: rows are
 * read one by one, checked, and written 1 000 at a time with one upsert statement each (by part
 * number: a re-import updates), all in the caller's tenant transaction, so a failure writes
 * nothing. Bad rows are kept with their line number and reasons; a part number met again further
 * down the file is a bad row (the first one is kept). While it runs, the counts are committed to
 * the import record in short transactions of their own, which the portal polls. One audit entry
 * per import, with the counts.
 */
import type { Readable } from 'node:stream';
import { asSubject } from '@asn/authz';
import { DomainError, ErrorCode, uuidv7, type ReasonCode } from '@asn/domain';
import { inTx, memberOf, type Ctx, type Tx } from '../../../platform/context.js';
import { checkRow, readHeader, type GoodRow, type ImportColumn, type RowProblem } from './catalogue-import.rows.js';
import { fileRows, type ImportFormat } from './catalogue-import.read.js';

/** Rows per upsert statement. */
export const BATCH_ROWS = 1000;
/** The largest file taken (a 200 000-row catalogue as CSV is about 20 MiB). */
export const IMPORT_MAX_BYTES = 64 * 1024 * 1024;
/** The most data rows in one file. */
export const IMPORT_MAX_ROWS = 200_000;
/** How often the running counts are committed for the portal. */
const PROGRESS_EVERY_MS = 250;

export type ImportStatus = 'PENDING' | 'RUNNING' | 'DONE' | 'FAILED';

export interface CatalogueImport {
  id: string;
  fileName: string;
  format: ImportFormat;
  status: ImportStatus;
  rowsRead: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  failureReason: ReasonCode | null;
  failureParams: Record<string, unknown> | null;
  missingColumns: ImportColumn[];
  createdAt: Date;
  finishedAt: Date | null;
}

export interface ImportReject {
  line: number;
  partNumber: string | null;
  problems: RowProblem[];
}

interface ImportRow {
  id: string;
  file_name: string;
  format: ImportFormat;
  status: ImportStatus;
  rows_read: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  failure: { reason: ReasonCode; params: Record<string, unknown>; missingColumns?: ImportColumn[] } | null;
  created_at: Date | string;
  finished_at: Date | string | null;
}

function fromRow(r: ImportRow): CatalogueImport {
  return {
    id: r.id,
    fileName: r.file_name,
    format: r.format,
    status: r.status,
    rowsRead: r.rows_read,
    inserted: r.inserted,
    updated: r.updated,
    unchanged: r.unchanged,
    rejected: r.rejected,
    failureReason: r.failure?.reason ?? null,
    failureParams: r.failure ? (r.failure.params ?? {}) : null,
    missingColumns: r.failure?.missingColumns ?? [],
    createdAt: new Date(r.created_at),
    finishedAt: r.finished_at ? new Date(r.finished_at) : null,
  };
}

/** The seller's own catalogue, if the actor may keep it (FORBIDDEN otherwise: a dealer, a workshop). */
export function requireCatalogueKeeper(ctx: Ctx): string {
  const actor = memberOf(ctx);
  if (!ctx.ability.can('update', asSubject('CataloguePart', { tenantId: actor.tenantId })))
    throw DomainError.because(
      ErrorCode.FORBIDDEN,
      'ACTION_NOT_ALLOWED',
      { document: 'CataloguePart', action: 'update' },
      'Only a seller’s parts staff import its catalogue.',
    );
  return actor.tenantId;
}

/** The format a file name says (.csv or .xlsx). */
export function formatOf(fileName: string): ImportFormat | null {
  const ext = /\.([A-Za-z0-9]+)$/.exec(fileName.trim())?.[1]?.toLowerCase();
  return ext === 'csv' ? 'CSV' : ext === 'xlsx' ? 'XLSX' : null;
}

/** Records an import of the seller's catalogue from the named file; the file follows on the import route. */
export async function startImport(ctx: Ctx, input: { fileName: string }): Promise<CatalogueImport> {
  const owner = requireCatalogueKeeper(ctx);
  const fileName = (input.fileName ?? '').trim();
  const format = formatOf(fileName);
  if (!format || fileName.length > 255)
    throw DomainError.badField('input.fileName', 'NOT_ONE_OF', { value: fileName.slice(0, 255), allowed: ['.csv', '.xlsx'] }, 'a .csv or .xlsx file');
  return inTx(ctx, async (tx) => {
    const id = uuidv7();
    await tx.em.execute(
      `insert into catalogue_imports (id, tenant_id, file_name, format, status, created_by, created_at) values (?, ?, ?, ?, 'PENDING', ?, ?)`,
      [id, owner, fileName, format, memberOf(ctx).userId, ctx.clock.now()],
    );
    return (await findImport(tx, id))!;
  });
}

async function findImport(tx: Tx, id: string): Promise<CatalogueImport | null> {
  const [row] = await tx.em.execute<ImportRow[]>(
    `select id, file_name, format, status, rows_read, inserted, updated, unchanged, rejected, failure, created_at, finished_at
       from catalogue_imports where tenant_id = ? and id = ?`,
    [tx.tenantId, id],
  );
  return row ? fromRow(row) : null;
}

/** An import of the caller's own catalogue (NOT_FOUND for anyone else's). */
export async function getImport(ctx: Ctx, id: string): Promise<CatalogueImport> {
  requireCatalogueKeeper(ctx);
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw DomainError.notFound('CatalogueImport');
  const found = await inTx(ctx, (tx) => findImport(tx, id));
  if (!found) throw DomainError.notFound('CatalogueImport');
  return found;
}

/** An import's bad rows in line order, `first` (at most 1 000) after line `afterLine`. */
export async function importRejects(ctx: Ctx, importId: string, args: { first?: number | null; afterLine?: number | null }): Promise<ImportReject[]> {
  const first = Math.min(Math.max(args.first ?? 100, 1), 1000);
  return inTx(ctx, async (tx) => {
    const rows = await tx.em.execute<{ line: number; part_number: string | null; problems: RowProblem[] }[]>(
      `select line, part_number, problems from catalogue_import_rejects where tenant_id = ? and import_id = ? and line > ? order by line limit ?`,
      [tx.tenantId, importId, args.afterLine ?? 0, first],
    );
    return rows.map((r) => ({ line: r.line, partNumber: r.part_number, problems: r.problems }));
  });
}

/** Thrown while reading: the whole file is refused with this reason. */
class FileRefused extends Error {
  constructor(
    readonly reason: ReasonCode,
    readonly params: Record<string, unknown>,
    readonly missingColumns: ImportColumn[] = [],
  ) {
    super(reason);
  }
}

/** A batch's write failed (the database's error is its cause). */
class WriteFailed extends Error {
  constructor(cause: unknown) {
    super('write failed', { cause });
  }
}

interface Counts {
  rowsRead: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
}

async function upsertParts(tx: Tx, owner: string, parts: GoodRow[], now: Date, counts: Counts): Promise<void> {
  if (!parts.length) return;
  const rows = await tx.em.execute<{ inserted: boolean }[]>(
    `insert into catalogue_parts as p (id, tenant_id, part_number, name_zh, name_en, unit, category, list_price_minor, models, created_at, updated_at)
     select r.id, ?, r.part_number, r.name_zh, r.name_en, r.unit, r.category, r.list_price_minor, r.models, ?, ?
       from jsonb_to_recordset(?::jsonb) as r(id uuid, part_number text, name_zh text, name_en text, unit text, category text, list_price_minor bigint, models text[])
     on conflict (tenant_id, part_number) do update
       set name_zh = excluded.name_zh, name_en = excluded.name_en, unit = excluded.unit, category = excluded.category,
           list_price_minor = excluded.list_price_minor, models = excluded.models, updated_at = excluded.updated_at, version = p.version + 1
       where (p.name_zh, p.name_en, p.unit, p.category, p.list_price_minor, p.models)
             is distinct from (excluded.name_zh, excluded.name_en, excluded.unit, excluded.category, excluded.list_price_minor, excluded.models)
     returning (xmax = 0) as inserted`,
    [
      owner,
      now,
      now,
      JSON.stringify(
        parts.map((p) => ({
          id: uuidv7(),
          part_number: p.partNumber,
          name_zh: p.nameZh,
          name_en: p.nameEn,
          unit: p.unit,
          category: p.category,
          list_price_minor: p.listPriceMinor,
          models: p.models,
        })),
      ),
    ],
  );
  const inserted = rows.filter((r) => r.inserted).length;
  counts.inserted += inserted;
  counts.updated += rows.length - inserted;
  counts.unchanged += parts.length - rows.length;
}

async function insertRejects(tx: Tx, owner: string, importId: string, rejects: ImportReject[]): Promise<void> {
  if (!rejects.length) return;
  await tx.em.execute(
    `insert into catalogue_import_rejects (tenant_id, import_id, line, part_number, problems)
     select ?, ?, r.line, r.part_number, r.problems from jsonb_to_recordset(?::jsonb) as r(line int, part_number text, problems jsonb)`,
    [
      owner,
      importId,
      JSON.stringify(rejects.map((r) => ({ line: r.line, part_number: r.partNumber ? r.partNumber.slice(0, 100) : null, problems: r.problems }))),
    ],
  );
}

/**
 * Reads the file of a PENDING import from `input` and writes its parts (see the module comment).
 * Refused as a whole (status FAILED, nothing written) when the file cannot be read, lacks a
 * required column, or is too large; otherwise DONE with its counts.
 */
export async function runImport(ctx: Ctx, importId: string, input: Readable): Promise<CatalogueImport> {
  const owner = requireCatalogueKeeper(ctx);
  const started = await inTx(ctx, async (tx) => {
    const [row] = await tx.em.execute<{ format: ImportFormat }[]>(
      `update catalogue_imports set status = 'RUNNING', started_at = ? where tenant_id = ? and id = ? and status = 'PENDING' returning format`,
      [ctx.clock.now(), owner, importId],
    );
    if (row) return row.format;
    if (await findImport(tx, importId)) throw DomainError.because(ErrorCode.CONFLICT, 'IMPORT_ALREADY_RUN', {}, 'This import has run already.');
    throw DomainError.notFound('CatalogueImport');
  });
  const counts: Counts = { rowsRead: 0, inserted: 0, updated: 0, unchanged: 0, rejected: 0 };
  let lastProgress = Date.now();
  const progress = async () => {
    lastProgress = Date.now();
    await inTx(ctx, (tx) =>
      tx.em.execute(`update catalogue_imports set rows_read = ?, inserted = ?, updated = ?, unchanged = ?, rejected = ? where tenant_id = ? and id = ?`, [
        counts.rowsRead,
        counts.inserted,
        counts.updated,
        counts.unchanged,
        counts.rejected,
        owner,
        importId,
      ]),
    );
  };
  try {
    await inTx(ctx, async (tx) => {
      const now = ctx.clock.now();
      const seen = new Map<string, number>();
      let header: ReturnType<typeof readHeader> | null = null;
      let parts: GoodRow[] = [];
      let rejects: ImportReject[] = [];
      // The batches are written one after the other on the transaction's connection while the file
      // is read on: reading the next batch overlaps writing this one (at most one batch waits).
      let writes: Promise<void> = Promise.resolve();
      let waiting = 0;
      const flush = async () => {
        const batch = { parts, rejects };
        parts = [];
        rejects = [];
        waiting++;
        writes = writes.then(async () => {
          try {
            await upsertParts(tx, owner, batch.parts, now, counts);
            await insertRejects(tx, owner, importId, batch.rejects);
            if (Date.now() - lastProgress >= PROGRESS_EVERY_MS) await progress();
          } catch (e) {
            throw new WriteFailed(e);
          } finally {
            waiting--;
          }
        });
        writes.catch(() => {}); // handled here, so a failure waits for the next await without crashing the process
        if (waiting > 1) await writes;
      };
      let rows: AsyncGenerator<{ line: number; cells: string[] }>;
      try {
        rows = fileRows(started, input);
      } catch {
        throw new FileRefused('IMPORT_FILE_UNREADABLE', { format: started });
      }
      try {
        for await (const { line, cells } of rows) {
          if (cells.every((c) => (c ?? '').trim() === '')) continue;
          if (!header) {
            header = readHeader(cells);
            if (header.missing.length) throw new FileRefused('IMPORT_COLUMNS_MISSING', {}, header.missing);
            continue;
          }
          if (++counts.rowsRead > IMPORT_MAX_ROWS) throw new FileRefused('IMPORT_TOO_MANY_ROWS', { max: IMPORT_MAX_ROWS });
          const checked = checkRow(cells, header.at);
          if ('part' in checked) {
            const firstLine = seen.get(checked.part.partNumber);
            if (firstLine !== undefined) {
              counts.rejected++;
              rejects.push({
                line,
                partNumber: checked.part.partNumber,
                problems: [{ column: 'partNumber', reason: 'PART_NUMBER_TWICE_IN_FILE', params: { partNumber: checked.part.partNumber, firstLine } }],
              });
            } else {
              seen.set(checked.part.partNumber, line);
              parts.push(checked.part);
            }
          } else {
            counts.rejected++;
            rejects.push({ line, partNumber: checked.partNumber || null, problems: checked.problems });
          }
          if (parts.length >= BATCH_ROWS || rejects.length >= BATCH_ROWS) await flush();
        }
      } catch (e) {
        // a refusal, or the database's error while writing, goes on as it is; anything else is the file's
        await writes.catch(() => {});
        if (e instanceof WriteFailed) throw e.cause;
        if (e instanceof FileRefused || e instanceof DomainError) throw e;
        const tooLarge = (e as { code?: string }).code === 'IMPORT_TOO_LARGE';
        throw tooLarge ? new FileRefused('BODY_TOO_LARGE', { limitBytes: IMPORT_MAX_BYTES }) : new FileRefused('IMPORT_FILE_UNREADABLE', { format: started });
      }
      if (!header) throw new FileRefused('IMPORT_COLUMNS_MISSING', {}, ['partNumber', 'nameZh', 'category', 'listPrice']);
      await flush();
      await writes.catch((e: unknown) => {
        throw e instanceof WriteFailed ? e.cause : e;
      });
      await tx.em.execute(
        `update catalogue_imports set status = 'DONE', rows_read = ?, inserted = ?, updated = ?, unchanged = ?, rejected = ?, finished_at = ? where tenant_id = ? and id = ?`,
        [counts.rowsRead, counts.inserted, counts.updated, counts.unchanged, counts.rejected, ctx.clock.now(), owner, importId],
      );
      tx.audit({ action: 'catalogue.imported', entityType: 'CatalogueImport', entityId: importId, after: { ...counts } });
    });
  } catch (e) {
    const refused =
      e instanceof FileRefused
        ? e
        : e instanceof DomainError && e.reason
          ? new FileRefused(e.reason, (e.details?.params as Record<string, unknown>) ?? {})
          : null;
    await inTx(ctx, (tx) =>
      tx.em.execute(`update catalogue_imports set status = 'FAILED', finished_at = ?, failure = ?::jsonb, rows_read = ? where tenant_id = ? and id = ?`, [
        ctx.clock.now(),
        JSON.stringify(
          refused
            ? { reason: refused.reason, params: refused.params, missingColumns: refused.missingColumns }
            : { reason: 'IMPORT_FILE_UNREADABLE', params: { format: started } },
        ),
        counts.rowsRead,
        owner,
        importId,
      ]),
    );
    if (!refused) throw e;
  }
  return getImport(ctx, importId);
}
