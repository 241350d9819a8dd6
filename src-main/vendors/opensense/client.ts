import type { z } from 'zod';
import type { ConnectorContext } from '../connector';
import { ANSWER_MAX_BYTES, createQuotaGate, parseWire } from '../common';
import { authHeaders, listSchema, MAX_LIST_LIMIT } from './api';

/** OpenSense API v1 over the account's HTTP client: its token, its quota, its cursor-paged lists. */
export function createOpensenseClient(ctx: ConnectorContext) {
  const headers = authHeaders(ctx.secret.token ?? '');
  const quota = createQuotaGate(ctx.http.budget, ctx.now, 'OpenSense');

  const url = (path: string, params: Record<string, string | number> = {}) => {
    const u = new URL(`${ctx.baseUrl}${path}`);
    for (const [k, v] of Object.entries(params)) u.searchParams.set(k, String(v));
    return u;
  };

  async function send(req: {
    method?: 'GET' | 'POST';
    url: URL;
    body?: string;
    headers?: Record<string, string>;
    signal?: AbortSignal;
  }) {
    quota.check();
    const res = await ctx.http.request({ ...req, headers: { ...headers, ...req.headers }, maxBytes: ANSWER_MAX_BYTES });
    quota.observe(res.headers);
    return res.json();
  }

  /** Every item of a cursor-paged list. */
  async function* list<T extends z.ZodType>(
    path: string,
    params: Record<string, string>,
    item: T,
    what: string,
    signal?: AbortSignal,
  ) {
    let cursor: string | null = null;
    do {
      const query: Record<string, string | number> = {
        ...params,
        limit: MAX_LIST_LIMIT,
        ...(cursor ? { cursor } : {}),
      };
      const page = parseWire(listSchema(item), await send({ url: url(path, query), signal }), what);
      yield* page.data as z.output<T>[];
      cursor = page.has_more ? (page.next_cursor ?? null) : null;
    } while (cursor);
  }

  return { url, send, list, headers };
}

export type OpensenseClient = ReturnType<typeof createOpensenseClient>;
