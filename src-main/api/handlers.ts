import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { VendorError } from '../http/errors';
import {
  accountById,
  accountByName,
  deleteAccount,
  insertAccount,
  listAccounts,
  listSources,
  metaHistory,
  streamById,
  type AccountRow,
} from '../store/catalog';
import { downsample, pointColumns, rangeStats } from '../store/points';
import { gapsOf, lastPoint, lastRun, runHistory, streamOverview, type SyncRunRow } from '../store/status';
import { deleteView, listViews, saveView } from '../store/views';
import { openConnector, vendors } from '../vendors';
import type { DemoService } from '../demo';
import type { SyncScheduler } from '../sync/scheduler';
import { credentialStateText, hasCredentials, VaultError, type SecretPlacement } from '../vault';
import {
  channels,
  ViewSpecSchema,
  type AccountView,
  type Channel,
  type ChannelReply,
  type Result,
  type SeriesData,
} from './contract';
import type { Workspace } from './workspace';
import { createFileHandlers } from './files-handlers';
import { createExportHandlers } from './export-handlers';
import { createOsfHandlers } from './osf-handlers';
import { createVaultHandlers } from './vault-handlers';
import type { DownloadTickets } from './transfers';

type Handler<C extends Channel> = (
  input: z.output<(typeof channels)[C]['input']>,
) => Promise<ChannelReply<C>> | ChannelReply<C>;
export type Handlers = { [C in Channel]: Handler<C> };

/** A user-facing error: its message is shown as is. */
export class UserError extends Error {}

/** Zoomed in this far (points per bucket), the chart gets raw points instead of min/max. */
const RAW_POINTS_LIMIT = 4;

export interface HandlerContext {
  ws: Workspace;
  mode: 'electron' | 'browser';
  version: string;
  scheduler: SyncScheduler;
  demo: DemoService;
  /** Shows a file in the system's file manager (Electron's shell.showItemInFolder); absent in browser mode. */
  revealPath?: (path: string) => void;
  /** Desktop: the native save dialog for a copy of a file; resolves to the destination chosen, or null. */
  saveFileAs?: (suggestedName: string) => Promise<string | null>;
  /** Desktop: the native open dialog for OSF files; resolves to the paths chosen (none when cancelled). */
  chooseFiles?: () => Promise<string[]>;
  /** Files the user handed over this session (open dialog, drops on the desktop window), by real path: opened wherever they are. */
  granted?: Set<string>;
  /** Browser mode: one-time download tickets the web server redeems. */
  tickets?: DownloadTickets;
}

const runView = ({ accountId: _accountId, ...run }: SyncRunRow) => run;

export function accountView(ws: Workspace, a: AccountRow): AccountView {
  const run = lastRun(ws.db, a.id);
  const credentials = ws.vault.state(a);
  return {
    id: a.id,
    vendor: a.vendor,
    name: a.name,
    baseUrl: a.baseUrl,
    credentials,
    credentialsText: credentialStateText[credentials],
    hasSecret: hasCredentials(credentials),
    createdAt: a.createdAt,
    lastRun: run ? runView(run) : null,
  };
}

function requireAccount(ws: Workspace, id: string): AccountRow {
  const a = accountById(ws.db, id);
  if (!a) throw new UserError('No such account.');
  return a;
}

/** Adds an account: the secret is checked against the vendor's shape and goes where `placement` says (vault/). */
export function addAccount(
  ws: Workspace,
  input: z.output<(typeof channels)['accounts:add']['input']>,
  placement: SecretPlacement = 'vault',
): AccountRow {
  const vendor = vendors[input.vendor];
  const secret = vendor.secretSchema.safeParse(input.secret);
  if (!secret.success) {
    const fields = secret.error.issues.map((i) => i.path.join('.') || 'secret').join(', ');
    throw new UserError(`The ${vendor.label} credentials are incomplete or malformed (${fields}).`);
  }
  if (accountByName(ws.db, input.name)) throw new UserError(`An account named "${input.name}" already exists.`);
  const account: AccountRow = {
    id: randomUUID(),
    vendor: input.vendor,
    name: input.name,
    baseUrl: input.baseUrl.replace(/\/+$/, ''),
    options: {},
    createdAt: ws.now(),
  };
  account.options = { ...ws.vault.store(account, secret.data, placement) };
  try {
    insertAccount(ws.db, account);
  } catch (err) {
    ws.vault.remove(account);
    throw err;
  }
  ws.events.emit('store:changed', { reason: 'account added' });
  return account;
}

export function createHandlers(ctx: HandlerContext): Handlers {
  const { ws, scheduler } = ctx;
  return {
    'app:info': () => ({
      version: ctx.version,
      mode: ctx.mode,
      dataDir: ws.dataDir,
      vendors: Object.values(vendors).map((v) => ({
        id: v.id,
        label: v.label,
        defaultBaseUrl: v.defaultBaseUrl,
        secretFields: v.secretFields,
      })),
    }),
    'accounts:list': () => listAccounts(ws.db).map((a) => accountView(ws, a)),
    'accounts:add': (input) => accountView(ws, addAccount(ws, input)),
    'accounts:remove': ({ id }) => {
      const a = requireAccount(ws, id);
      deleteAccount(ws.db, a.id);
      try {
        ws.vault.remove(a);
      } catch {
        // The data is gone either way; a keychain that cannot be reached keeps a dead entry.
      }
      ws.events.emit('store:changed', { reason: 'account removed' });
      return null;
    },
    'accounts:test': async ({ id }) => {
      const a = requireAccount(ws, id);
      const secret = ws.vault.read(a);
      if (!secret)
        throw new UserError(`No credentials are stored for "${a.name}". Remove the account and add it again.`);
      const { connector, http } = openConnector(a, secret, { now: ws.now });
      try {
        return { detail: await connector.testConnection() };
      } finally {
        await http.close();
      }
    },
    'streams:tree': () => ({
      accounts: listAccounts(ws.db).map((a) => accountView(ws, a)),
      sources: listSources(ws.db).map(({ meta: _meta, ...s }) => s),
      streams: streamOverview(ws.db),
    }),
    'streams:details': ({ streamId }) => {
      const s = streamById(ws.db, streamId);
      if (!s) throw new UserError('No such stream.');
      const overview = streamOverview(ws.db).find((o) => o.id === streamId);
      if (!overview) throw new UserError('No such stream.');
      const { remote: _remote, ...meta } = s.meta;
      return {
        stream: overview,
        meta,
        metaHistory: metaHistory(ws.db, streamId),
        gaps: gapsOf(ws.db, streamId),
        lastValue: lastPoint(ws.db, streamId)?.value ?? null,
      };
    },
    'points:series': ({ streamId, from, to, buckets }): SeriesData => {
      const raw = pointColumns(ws.db, streamId, from, to, buckets * RAW_POINTS_LIMIT);
      if (!raw.truncated) return { streamId, raw: true, ts: raw.ts, min: raw.values, max: raw.values };
      const b = downsample(ws.db, streamId, from, to, buckets);
      return { streamId, raw: false, ts: b.ts, min: b.min, max: b.max };
    },
    'points:stats': ({ streamId, from, to }) => {
      const s = rangeStats(ws.db, streamId, from, to);
      return { count: s.count, min: s.min, max: s.max, mean: s.mean };
    },
    'points:raw': ({ streamId, from, to, limit }) => ({ streamId, ...pointColumns(ws.db, streamId, from, to, limit) }),
    'sync:start': ({ accountId }) => {
      if (accountId) requireAccount(ws, accountId);
      const ids = accountId ? [accountId] : undefined;
      const busy = scheduler.running();
      if (busy.includes('*') || (accountId && busy.includes(accountId))) return { started: false };
      void scheduler.start(ids);
      return { started: true };
    },
    'sync:cancel': () => {
      scheduler.cancel();
      return null;
    },
    'sync:status': () => ({ running: scheduler.running(), intervalMinutes: scheduler.intervalMinutes() }),
    'sync:history': ({ accountId }) => runHistory(ws.db, requireAccount(ws, accountId).id).map(runView),
    'sync:schedule': ({ intervalMinutes }) => {
      scheduler.setIntervalMinutes(intervalMinutes);
      return null;
    },
    'demo:open': async () => {
      await ctx.demo.open();
      return null;
    },
    'views:list': () => listViews(ws.db).map((v) => ({ ...v, spec: ViewSpecSchema.parse(v.spec) })),
    'views:save': ({ name, spec }) => {
      const id = saveView(ws.db, name, spec, ws.now());
      return { id, name, spec, updatedAt: ws.now() };
    },
    'views:delete': ({ id }) => {
      if (!deleteView(ws.db, id)) throw new UserError('No such view.');
      return null;
    },
    ...createFileHandlers(ctx),
    ...createExportHandlers(ctx),
    ...createOsfHandlers(ctx),
    ...createVaultHandlers(ctx),
  };
}

/** Validates a call against the contract and runs it; every failure becomes `{ok: false, error}`. */
export async function dispatch(handlers: Handlers, channel: string, input: unknown): Promise<Result<unknown>> {
  if (!Object.hasOwn(channels, channel)) return { ok: false, error: `Unknown channel "${channel.slice(0, 60)}".` };
  const c = channel as Channel;
  const parsed = channels[c].input.safeParse(input ?? {});
  if (!parsed.success) {
    const why = parsed.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; ');
    return { ok: false, error: `Invalid request for ${c}: ${why}` };
  }
  try {
    const value = await (handlers[c] as (i: unknown) => unknown)(parsed.data);
    return { ok: true, value };
  } catch (err) {
    return { ok: false, error: errorMessage(err) };
  }
}

/** Messages we wrote for users pass through; anything else is reported without internals. */
export function errorMessage(err: unknown): string {
  if (err instanceof UserError || err instanceof VendorError || err instanceof VaultError) return err.message;
  if (err instanceof Error && /SQLITE_/.test((err as { code?: string }).code ?? ''))
    return 'The local database failed: ' + err.message;
  return err instanceof Error ? err.message : String(err);
}
