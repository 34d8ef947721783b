import { Arg, Ctx as Context, Field, FieldResolver, ID, InputType, Int, Mutation, ObjectType, Query, Resolver, Root, registerEnumType } from 'type-graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import type { Ctx } from '../../../platform/context.js';
import { IdempotencyKey, Idempotent } from '../../../platform/idempotency.js';
import { Permit } from '../../../platform/permissions.js';
import { IMPORT_COLUMNS, type ImportColumn } from './catalogue-import.rows.js';
import { BATCH_ROWS, getImport, importRejects, startImport, type CatalogueImport, type ImportStatus } from './catalogue-import.service.js';
import { CATALOGUE_IMPORT_PATH } from './catalogue-import.http.js';
import type { ImportFormat } from './catalogue-import.read.js';

const ImportStatusEnum = { PENDING: 'PENDING', RUNNING: 'RUNNING', DONE: 'DONE', FAILED: 'FAILED' } as const satisfies Record<ImportStatus, ImportStatus>;
registerEnumType(ImportStatusEnum, {
  name: 'CatalogueImportStatus',
  description: 'PENDING until the file is sent, RUNNING while it is read, then DONE or FAILED (nothing written).',
});
const ImportFormatEnum = { CSV: 'CSV', XLSX: 'XLSX' } as const satisfies Record<ImportFormat, ImportFormat>;
registerEnumType(ImportFormatEnum, { name: 'CatalogueImportFormat' });
const ImportColumnEnum = Object.fromEntries(IMPORT_COLUMNS.map((c) => [c, c])) as Record<ImportColumn, ImportColumn>;
registerEnumType(ImportColumnEnum, {
  name: 'CatalogueImportColumn',
  description: 'A column of a catalogue file (docs/parts.md lists the headers each is recognised by).',
});

@ObjectType('CatalogueImportProblem')
export class ImportProblemType {
  @Field(() => ImportColumnEnum) column!: ImportColumn;
  @Field(() => String, { nullable: true, description: 'A catalogued reason (the portal translates it with its params).' }) reason!: string | null;
  @Field(() => GraphQLJSONObject) params!: Record<string, unknown>;
}

@ObjectType('CatalogueImportReject')
export class ImportRejectType {
  @Field(() => Int, { description: 'The line of the file (the header is line 1).' }) line!: number;
  @Field(() => String, { nullable: true, description: 'The part number as written.' }) partNumber!: string | null;
  @Field(() => [ImportProblemType]) problems!: ImportProblemType[];
}

@ObjectType('CatalogueImport')
export class CatalogueImportType {
  @Field(() => ID) id!: string;
  @Field(() => String) fileName!: string;
  @Field(() => ImportFormatEnum) format!: ImportFormat;
  @Field(() => ImportStatusEnum) status!: ImportStatus;
  @Field(() => Int, { description: 'Data rows read so far (while RUNNING: at most a second old).' }) rowsRead!: number;
  @Field(() => Int, { description: 'New parts.' }) inserted!: number;
  @Field(() => Int, { description: 'Parts updated by their number.' }) updated!: number;
  @Field(() => Int, { description: 'Parts in the file exactly as in the catalogue.' }) unchanged!: number;
  @Field(() => Int, { description: 'Bad rows (see rejects).' }) rejected!: number;
  @Field(() => String, { nullable: true, description: 'Why the whole file was refused (FAILED), a catalogued reason.' }) failureReason!: string | null;
  @Field(() => GraphQLJSONObject, { nullable: true }) failureParams!: Record<string, unknown> | null;
  @Field(() => [ImportColumnEnum], { description: 'The required columns the file lacks (failure IMPORT_COLUMNS_MISSING).' }) missingColumns!: ImportColumn[];
  @Field(() => String, { description: 'Where the file goes: POST its bytes here (the same origin as /graphql, with the session).' })
  uploadPath!: string;
  @Field(() => Date) createdAt!: Date;
  @Field(() => Date, { nullable: true }) finishedAt!: Date | null;

  static from(i: CatalogueImport): CatalogueImportType {
    return Object.assign(new CatalogueImportType(), i, { uploadPath: CATALOGUE_IMPORT_PATH.replace(':id', i.id) });
  }
}

@InputType()
export class StartCatalogueImportInput {
  @Field(() => String, { description: 'The file’s name: .csv (UTF-8 or GB18030) or .xlsx (the first worksheet).' }) fileName!: string;
  @IdempotencyKey() idempotencyKey?: string | null;
}

@Resolver(() => CatalogueImportType)
export class CatalogueImportResolver {
  @Mutation(() => CatalogueImportType, {
    description: `Starts an import of the seller’s own catalogue: then POST the file to its uploadPath. Rows are upserted by part number, ${BATCH_ROWS} per statement; bad rows are reported with their line.`,
  })
  @Permit('update', 'CataloguePart')
  @Idempotent((ctx, first) => getImport(ctx, first.resultId).then(CatalogueImportType.from))
  async startCatalogueImport(@Context() ctx: Ctx, @Arg('input', () => StartCatalogueImportInput) input: StartCatalogueImportInput) {
    return CatalogueImportType.from(await startImport(ctx, input));
  }

  @Query(() => CatalogueImportType, { description: 'An import of the caller’s own catalogue, with its counts while it runs.' })
  @Permit('update', 'CataloguePart')
  async catalogueImport(@Context() ctx: Ctx, @Arg('id', () => ID) id: string) {
    return CatalogueImportType.from(await getImport(ctx, id));
  }

  @FieldResolver(() => [ImportRejectType], { description: 'The bad rows in line order: `first` (1–1000, default 100) after line `afterLine`.' })
  async rejects(
    @Context() ctx: Ctx,
    @Root() root: CatalogueImportType,
    @Arg('first', () => Int, { nullable: true }) first?: number | null,
    @Arg('afterLine', () => Int, { nullable: true }) afterLine?: number | null,
  ) {
    return importRejects(ctx, root.id, { first, afterLine });
  }
}
