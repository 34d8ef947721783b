import {
  GraphQLError,
  parse,
  specifiedRules,
  validate,
  NoSchemaIntrospectionCustomRule,
  type DocumentNode,
  type GraphQLSchema,
  type ValidationRule,
} from 'graphql';

/** Documents kept per process (the portal's operations are a few hundred at most). */
const MAX_DOCUMENTS = 1000;

/** A valid document and what running it has cost so far. */
export interface KnownDocument {
  document: DocumentNode;
  /** The most read statements one execution of it has needed (null: never run on the read path). */
  mostReads: number | null;
}

export type Checked = KnownDocument | { parseError: GraphQLError } | { validationErrors: readonly GraphQLError[] };

/**
 * Documents parsed and validated once per process, by their text: the fast query path and every
 * subscription share them (a thousand sockets subscribing with the same document parse it once).
 * Only valid documents are kept; the cache is bounded, oldest out first.
 */
export class ValidDocuments {
  private readonly documents = new Map<string, KnownDocument>();
  private readonly rules: ValidationRule[];

  constructor(
    private readonly schema: GraphQLSchema,
    rules: readonly ValidationRule[],
    private readonly maxTokens: number,
    introspection: boolean,
  ) {
    this.rules = [...specifiedRules, ...rules, ...(introspection ? [] : [NoSchemaIntrospectionCustomRule])];
  }

  check(query: string): Checked {
    const known = this.documents.get(query);
    if (known) return known;
    let document: DocumentNode;
    try {
      document = parse(query, { maxTokens: this.maxTokens });
    } catch (e) {
      return { parseError: e instanceof GraphQLError ? e : new GraphQLError('The document does not parse.') };
    }
    const errors = validate(this.schema, document, this.rules);
    if (errors.length) return { validationErrors: errors };
    if (this.documents.size >= MAX_DOCUMENTS) this.documents.delete(this.documents.keys().next().value!);
    const entry: KnownDocument = { document, mostReads: null };
    this.documents.set(query, entry);
    return entry;
  }
}
