import { z } from 'zod';
import type { HttpRequest, HttpResponse } from '../../http/client';
import { VendorError } from '../../http/errors';
import { said } from '../../model';
import type { ErrorPolicy } from '../../http/policy';
import { parseWire } from '../common';
import type { ConnectorContext } from '../connector';
import { TOKEN_EXPIRED, authorizationSchema, errorBodySchema, loginSchema } from './api';
import { chooseTenant, type ChosenTenant } from './map';

/** The optiCLOUD login: `{username, password, tenant}`; tenant may be empty when the user has only one. */
export const opticloudSecretSchema = z.object({
  username: z.string().trim().min(1, 'the user name is empty'),
  password: z.string().min(1, 'the password is empty'),
  tenant: z.string().trim().default(''),
});

export const JSON_ACCEPT = 'application/json';

function errorCodeOf(bodyText: string): number | undefined {
  try {
    const parsed = errorBodySchema.safeParse(JSON.parse(bodyText));
    return parsed.success ? parsed.data.errorCode : undefined;
  } catch {
    return undefined;
  }
}

/** ThingsBoard: 401 with errorCode 11 is an expired token (log in again); any other 401 is a refusal. */
export const opticloudPolicy: ErrorPolicy = ({ status, bodyText }) => {
  if (status === 401)
    return errorCodeOf(bodyText) === TOKEN_EXPIRED
      ? { action: 'reauth', reason: said('vendors.opticloud.sessionExpired') }
      : { action: 'fail-account', reason: said('vendors.opticloud.credentialsRefused') };
  if (status === 403) return { action: 'fail-stream', reason: said('vendors.opticloud.forbidden') };
  return undefined;
};

/** During login every refusal (bad password, unknown user, malformed request) concerns the whole account. */
const loginPolicy: ErrorPolicy = ({ status }) =>
  status >= 400 && status < 500 && status !== 429
    ? { action: 'fail-account', reason: said('vendors.opticloud.loginRefused', { status }) }
    : undefined;

export interface OpticloudSession {
  url(path: string, query?: Record<string, string>): URL;
  /** An authenticated request: logs in when needed, and once more when the token has expired. */
  request(req: HttpRequest): Promise<HttpResponse>;
  /** The same authentication for a request the caller sends itself (a streamed download). */
  authorize(req: HttpRequest): HttpRequest;
  /** The tenant chosen at login: its devices are the account's. */
  tenantId(signal?: AbortSignal): Promise<string>;
}

interface LoggedIn extends ChosenTenant {
  token: string;
}

/** A login kept in memory only: the token never reaches a cursor, a log line or the disk. */
export function createOpticloudSession(ctx: ConnectorContext): OpticloudSession {
  let current: LoggedIn | null = null;
  let pending: Promise<LoggedIn> | null = null;

  const url = (path: string, query: Record<string, string> = {}) => {
    const u = new URL(`${ctx.baseUrl.replace(/\/+$/, '')}${path}`);
    for (const [name, value] of Object.entries(query)) u.searchParams.set(name, value);
    return u;
  };

  const credentials = () => {
    const parsed = opticloudSecretSchema.safeParse(ctx.secret);
    if (!parsed.success) throw new VendorError(said('vendors.opticloud.noLogin'), 'fail-account');
    return parsed.data;
  };

  const postJson = async (path: string, body: unknown, signal?: AbortSignal) =>
    (
      await ctx.http.request({
        method: 'POST',
        url: url(path),
        headers: { 'content-type': 'application/json', accept: JSON_ACCEPT },
        body: JSON.stringify(body),
        signal,
        policy: loginPolicy,
      })
    ).json();

  /** Two steps: the user's authorities, then a token for the chosen tenant's authority. */
  async function login(signal?: AbortSignal): Promise<LoggedIn> {
    const { username, password, tenant } = credentials();
    const entries = parseWire(
      authorizationSchema,
      await postJson('/api/noauth/authorization', { username, password }, signal),
      'optiCLOUD login',
    );
    const chosen = chooseTenant(entries, tenant);
    const answer = await postJson('/api/auth/login', { username, password, authorityId: chosen.authorityId }, signal);
    const { token } = parseWire(loginSchema, answer, 'optiCLOUD login');
    return { ...chosen, token };
  }

  /** One login at a time: requests that find the token expired together share the next one. */
  function logIn(signal?: AbortSignal): Promise<LoggedIn> {
    pending ??= login(signal)
      .then((session) => (current = session))
      .finally(() => {
        pending = null;
      });
    return pending;
  }

  const session = (signal?: AbortSignal) => (current ? Promise.resolve(current) : logIn(signal));

  function authorize(req: HttpRequest): HttpRequest {
    let sentToken: string | null = null;
    return {
      ...req,
      prepare: async (r) => {
        const { token } = await session(req.signal);
        sentToken = token;
        r.headers['x-authorization'] = `Bearer ${token}`;
      },
      // Only log in again when no other request has already replaced the token this one was refused.
      reauthenticate: async () => {
        if (pending) await pending;
        else if (current === null || current.token === sentToken) {
          current = null;
          await logIn(req.signal);
        }
      },
    };
  }

  return {
    url,
    authorize,
    request: (req) => ctx.http.request(authorize(req)),
    tenantId: async (signal) => (await session(signal)).tenantId,
  };
}

/**
 * Every item of a ThingsBoard page sequence (`page`, `hasNext`). `limit=-1` normally returns all at
 * once; a server that keeps saying `hasNext` while sending nothing new is stopped, not followed forever.
 */
export async function allPages<T>(
  fetchPage: (page: number) => Promise<{ data: T[]; hasNext?: boolean | null }>,
  idOf: (item: T) => string,
): Promise<T[]> {
  const byId = new Map<string, T>();
  for (let page = 0; ; page++) {
    const { data, hasNext } = await fetchPage(page);
    const before = byId.size;
    for (const item of data) byId.set(idOf(item), item);
    if (!hasNext || byId.size === before) return [...byId.values()];
  }
}
