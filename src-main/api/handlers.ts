import { addAccount, removeAccount, requireAccount, testConnection } from '../accounts';
import { say, sayKept, UserError } from '../model';
import { isLanguage, type Language } from '../model/language';
import {
  listAccounts,
  listSources,
  metaHistory,
  readSetting,
  streamById,
  writeSetting,
  type AccountRow,
} from '../store/catalog';
import { downsample, pointColumns, rangeStats } from '../store/points';
import {
  gapsOf,
  lastPoint,
  lastRun,
  runHistory,
  streamOverview,
  type StreamOverview,
  type SyncRunRow,
} from '../store/status';
import { deleteView, listViews, saveView } from '../store/views';
import { vendors } from '../vendors';
import { credentialStateMessage, hasCredentials } from '../vault';
import { deviceLog, excursionCount, listSourceViews, setUserRange, streamRanges } from '../sources';
import type { Workspace } from '../workspace';
import type { HandlerContext, Handlers } from './context';
import { ViewSpecSchema, type AccountView, type SeriesData, type StreamView, type SyncRunView } from './contract';
import { createExportHandlers } from './export-handlers';
import { createFileHandlers } from './files-handlers';
import { createOsfHandlers } from './osf-handlers';
import { createBackgroundHandlers } from './background-handlers';
import { createVaultHandlers } from './vault-handlers';
import { createSelectionHandlers } from './selection-handlers';

/** Zoomed in this far (points per bucket), the chart gets raw points instead of min/max. */
const RAW_POINTS_LIMIT = 4;

const LANGUAGE_SETTING = 'ui.language';

export function savedLanguage(ws: Workspace): Language | null {
  const saved = readSetting(ws.db, LANGUAGE_SETTING);
  return isLanguage(saved) ? saved : null;
}

/** A run as its reader sees it: the failure in their language. */
const runView = ({ accountId: _accountId, errorSaid, ...run }: SyncRunRow, language: Language): SyncRunView => ({
  ...run,
  error: sayKept(errorSaid, run.error, language),
});

/** A stream as its reader sees it: its last failure in their language. */
const streamView = ({ lastErrorSaid, ...s }: StreamOverview, language: Language): StreamView => ({
  ...s,
  lastError: sayKept(lastErrorSaid, s.lastError, language),
});

function accountView(ws: Workspace, a: AccountRow, language: Language): AccountView {
  const run = lastRun(ws.db, a.id);
  const credentials = ws.vault.state(a);
  return {
    id: a.id,
    vendor: a.vendor,
    name: a.name,
    baseUrl: a.baseUrl,
    credentials,
    credentialsText: say(credentialStateMessage(credentials), language),
    hasSecret: hasCredentials(credentials),
    createdAt: a.createdAt,
    lastRun: run ? runView(run, language) : null,
    removed: Boolean(a.removedAt),
    firstSyncFrom: typeof a.options.earliest === 'string' ? a.options.earliest : null,
  };
}

export function createHandlers(ctx: HandlerContext): Handlers {
  const { ws, scheduler } = ctx;
  const reader = ctx.reader ?? { language: 'en' };
  const view = (a: AccountRow) => accountView(ws, a, reader.language);
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
        capabilities: v.capabilities,
      })),
      locale: ctx.locale ?? null,
      language: savedLanguage(ws),
    }),
    'settings:language': ({ language }) => {
      // An empty value means "follow the OS or browser".
      writeSetting(ws.db, LANGUAGE_SETTING, language ?? '');
      return null;
    },
    'ui:language': ({ language }) => {
      if (language === reader.language) return null;
      reader.language = language;
      // Views reload on this, and get main's texts (credential states, warnings) in the new language.
      ws.events.emit('store:changed', { reason: 'language' });
      return null;
    },
    'accounts:list': () => listAccounts(ws.db).map(view),
    'accounts:add': (input) => view(addAccount(ws, input)),
    'accounts:remove': ({ id, deleteData }) => {
      removeAccount(ws, id, { deleteData: deleteData ?? false });
      return null;
    },
    'accounts:test': async ({ id }) => ({ detail: await testConnection(ws, id) }),
    'streams:tree': () => {
      const states = new Map(listSourceViews(ws).map((s) => [s.id, s.state]));
      return {
        accounts: listAccounts(ws.db).map(view),
        sources: listSources(ws.db).map(({ meta: _meta, ...s }) => ({ ...s, state: states.get(s.id) ?? 'unknown' })),
        streams: streamOverview(ws.db).map((o) => streamView(o, reader.language)),
      };
    },
    'streams:details': ({ streamId }) => {
      const s = streamById(ws.db, streamId);
      if (!s) throw new UserError('api.noSuchStream');
      const overview = streamOverview(ws.db).find((o) => o.id === streamId);
      if (!overview) throw new UserError('api.noSuchStream');
      const { remote: _remote, ...meta } = s.meta;
      return {
        stream: streamView(overview, reader.language),
        meta,
        metaHistory: metaHistory(ws.db, streamId),
        gaps: gapsOf(ws.db, streamId),
        lastValue: lastPoint(ws.db, streamId)?.value ?? null,
        ranges: streamRanges(ws, streamId),
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
    'sync:status': () => ({
      running: scheduler.running(),
      intervalMinutes: scheduler.intervalMinutes(),
      heldBy: scheduler.heldBy(),
    }),
    'sync:history': ({ accountId }) =>
      runHistory(ws.db, requireAccount(ws, accountId).id).map((r) => runView(r, reader.language)),
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
      if (!deleteView(ws.db, id)) throw new UserError('api.noSuchView');
      return null;
    },
    ...createSelectionHandlers(ctx, (id) => view(requireAccount(ws, id))),
    'sources:list': () =>
      listSourceViews(ws).map(({ lastErrorSaid, ...s }) => ({
        ...s,
        lastError: sayKept(lastErrorSaid, s.lastError, reader.language),
      })),
    'sources:events': ({ sourceId, from, to, limit }) => {
      const source = listSourceViews(ws).find((s) => s.id === sourceId);
      if (!source) throw new UserError('api.noSuchSource');
      return deviceLog(ws, [source], { from, to, limit });
    },
    'ranges:set': ({ streamId, min, max }) => {
      if (!streamById(ws.db, streamId)) throw new UserError('api.noSuchStream');
      const ranges = setUserRange(ws, streamId, { min, max });
      ws.events.emit('store:changed', { reason: 'ranges' });
      return ranges;
    },
    'ranges:excursions': ({ streamId, from, to }) => ({ count: excursionCount(ws, streamId, from, to) }),
    ...createFileHandlers(ctx),
    ...createExportHandlers(ctx),
    ...createOsfHandlers(ctx),
    ...createBackgroundHandlers(ctx),
    ...createVaultHandlers(ctx),
  };
}
