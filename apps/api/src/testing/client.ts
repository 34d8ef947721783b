import { DEMO_PASSWORD } from '../seed/demo.js';

/**
 * A response read without a named type: JSON that a test or a benchmark asserts on by its shape.
 * The test client's one `any`, on purpose; code that wants checking names its type (`ok<{ … }>()`).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- GraphQL answers read in tests are untyped JSON
export type AnyJson = any;

export interface GqlResult<T = Record<string, AnyJson>> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string; [k: string]: unknown }; path?: (string | number)[] }[];
}

/** A GraphQL client over real HTTP that keeps its session cookie, like a browser. */
export class Client {
  cookie: string | null = null;
  bearer: string | null = null;

  constructor(readonly url: string) {}

  /** POSTs to /graphql, or to `/graphql/upload` with `{ upload: true }` (the route file uploads take). */
  async raw(
    body: unknown,
    headers: Record<string, string> = {},
    opts: { upload?: boolean } = {},
  ): Promise<{ status: number; json: AnyJson; headers: Headers }> {
    const res = await fetch(opts.upload ? `${this.url}/upload` : this.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...(this.bearer ? { authorization: `Bearer ${this.bearer}` } : {}),
        ...headers,
      },
      body: JSON.stringify(body),
    });
    const setCookie = res.headers.getSetCookie?.() ?? [];
    for (const c of setCookie) {
      const [pair] = c.split(';');
      if (pair?.startsWith('asn_session=')) this.cookie = pair.endsWith('=') ? null : pair;
    }
    return { status: res.status, json: await res.json().catch(() => null), headers: res.headers };
  }

  async gql<T = Record<string, AnyJson>>(query: string, variables?: Record<string, unknown>): Promise<GqlResult<T>> {
    return (await this.raw({ query, variables })).json as GqlResult<T>;
  }

  /** A file upload (uploadAttachment) on its own route, as the portal sends it. */
  async upload<T = Record<string, AnyJson>>(query: string, variables?: Record<string, unknown>): Promise<GqlResult<T>> {
    return (await this.raw({ query, variables }, {}, { upload: true })).json as GqlResult<T>;
  }

  /** Like gql, but fails the test on any error. */
  async ok<T = Record<string, AnyJson>>(query: string, variables?: Record<string, unknown>): Promise<T> {
    const r = await this.gql<T>(query, variables);
    if (r.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(r.errors)}`);
    return r.data as T;
  }

  async signIn(email: string, password = DEMO_PASSWORD): Promise<this> {
    await this.ok(`mutation($i: SignInInput!) { signIn(input: $i) { me { user { id } } } }`, { i: { email, password } });
    return this;
  }
}
