import type { Dispatcher } from 'undici';
import type { Workspace } from '../workspace';
import { OfflineError, ThrottledError, VendorError } from '../http/errors';
import { listAccounts, listStreams, readCursor, type AccountRow } from '../store/catalog';
import {
  finishRun,
  lastSuccessfulRunStart,
  recordGap,
  recordStreamError,
  recordStreamSuccess,
  startRun,
  streamOverview,
} from '../store/status';
import { said, saidOf, say, type Message, type RunState } from '../model';
import type { Connector, Remote } from '../vendors/connector';
import { openConnector } from '../vendors';
import { persistEvents, persistPage } from './persist';
import { runDiscovery } from './discover';
import { runPool } from './pool';
import type { SyncProgress } from '../model/events';

export type { SyncProgress };

export interface SyncOptions {
  /** Backfill start for streams never synced, µs. */
  from?: number;
  /** Stop at, µs (exclusive). */
  to?: number;
  signal?: AbortSignal;
  /** Feeds fetched at once per account; the account's request budget still paces them. */
  concurrency?: number;
  onProgress?: (p: SyncProgress) => void;
  dispatcher?: Dispatcher;
  log?: (line: string) => void;
}

export interface FeedFailure {
  feed: string;
  keys: string[];
  /** In English, for logs and `--json`; `why` is the same for the reader's language. */
  message: string;
  why: Message;
}

export interface AccountSyncResult {
  accountId: string;
  accountName: string;
  state: Exclude<RunState, 'running'>;
  pointsAdded: number;
  /** Values skipped as unreadable or implausible (bad numbers, times in 1901 or 2999); the rest was kept. */
  rejected: number;
  failures: FeedFailure[];
  /** Device events new in this run (vendors with `capabilities.deviceEvents`). */
  eventsAdded: number;
  /** Account-level failure (credentials, discovery, throttled for the day, offline), in English as stored. */
  error: string | null;
  /** The same failure as a catalog message, for the reader's language (CLI, notifications). */
  why: Message | null;
  /** Intervals the vendor no longer serves that were never synced (Opti retention). */
  lost: { key: string; from: number; to: number }[];
  metadataChanged: string[];
  /** The vendor could not be reached: try again when it answers. */
  offline: boolean;
}

interface Feed {
  id: string;
  remote: Remote;
  streams: { key: string; remote: Remote; id: number }[];
}

const feedScope = (accountId: string, feedId: string) => `feed:${accountId}:${feedId}`;

/** One account's sync while it runs: the answer so far, the progress shown, and the run's row. */
interface AccountRun {
  ws: Workspace;
  account: AccountRow;
  options: SyncOptions;
  runId: number;
  result: AccountSyncResult;
  progress: SyncProgress;
  /** performance.now() at the start, for the rate. */
  clockStart: number;
  /** performance.now() of the last `store:changed`, which goes out at most once a second. */
  lastStoreChange: number;
}

/** What fetching the feeds needs besides the run: the connector, the signal that stops the account, the newest points held. */
interface FeedContext {
  connector: Connector;
  /** The caller's signal, or one failure of the account (bad credentials, quota for the day). */
  signal: AbortSignal;
  accountAbort: AbortController;
  lastTs: Map<number, number | null>;
  /** Stream id → its source's id. */
  sourceOf: Map<number, number | null>;
}

function startAccountRun(ws: Workspace, account: AccountRow, options: SyncOptions): AccountRun {
  return {
    ws,
    account,
    options,
    runId: startRun(ws.db, account.id, ws.now()),
    result: {
      accountId: account.id,
      accountName: account.name,
      state: 'ok',
      pointsAdded: 0,
      rejected: 0,
      eventsAdded: 0,
      failures: [],
      error: null,
      why: null,
      lost: [],
      metadataChanged: [],
      offline: false,
    },
    progress: {
      accountId: account.id,
      accountName: account.name,
      state: 'discovering',
      feedsDone: 0,
      feedsTotal: 0,
      pointsAdded: 0,
      pages: 0,
      rate: 0,
      throttledUntil: null,
      message: null,
    },
    clockStart: performance.now(),
    lastStoreChange: 0,
  };
}

function emitProgress(run: AccountRun): void {
  const { progress } = run;
  progress.rate = progress.pointsAdded / Math.max(0.001, (performance.now() - run.clockStart) / 1000);
  run.options.onProgress?.({ ...progress });
  run.ws.events.emit('sync:progress', {
    accountId: run.account.id,
    state: progress.state === 'discovering' ? 'running' : progress.state,
    pointsAdded: progress.pointsAdded,
    feedsDone: progress.feedsDone,
    feedsTotal: progress.feedsTotal,
    throttledUntil: progress.throttledUntil,
    message: progress.message,
  });
}

function noteStoreChanged(run: AccountRun, force = false): void {
  if (force || performance.now() - run.lastStoreChange > 1000) {
    run.lastStoreChange = performance.now();
    run.ws.events.emit('store:changed', { reason: 'sync' });
  }
}

/** Records the run's end and tells the UI; the answer of `syncAccount`. */
function finishAccountRun(run: AccountRun, state: AccountSyncResult['state'], why: Message | null): AccountSyncResult {
  const { result: r, progress } = run;
  r.state = state;
  r.why = state === 'ok' ? null : why;
  r.error = r.why && say(r.why, 'en');
  finishRun(
    run.ws.db,
    run.runId,
    {
      state,
      pointsAdded: r.pointsAdded,
      streamsFailed: r.failures.reduce((n, f) => n + f.keys.length, 0),
      error: r.why,
    },
    run.ws.now(),
  );
  r.offline = progress.state === 'offline';
  if (!r.offline) progress.state = state;
  progress.message = r.why;
  emitProgress(run);
  noteStoreChanged(run, true);
  return r;
}

/** Pages through one feed from its saved cursor to the end, each page committed with its cursor. */
async function syncFeed(run: AccountRun, ctx: FeedContext, feed: Feed): Promise<void> {
  const { ws, account, options, result, progress } = run;
  const { signal } = ctx;
  const scope = feedScope(account.id, feed.id);
  const target = {
    accountId: account.id,
    streamIds: new Map(feed.streams.map((s) => [s.key, s.id])),
    sourceOf: ctx.sourceOf,
  };
  for (;;) {
    signal.throwIfAborted();
    const page = await ctx.connector.fetchPage({
      feed: { id: feed.id, remote: feed.remote, streams: feed.streams.map(({ key, remote }) => ({ key, remote })) },
      cursor: readCursor(ws.db, scope),
      from: options.from ?? earliestOption(account),
      to: options.to,
      signal,
    });
    signal.throwIfAborted();
    const outcome = persistPage(ws.db, page, target, scope, ctx.lastTs, ws.now());
    result.pointsAdded += outcome.added;
    result.rejected += outcome.rejected;
    progress.pointsAdded = result.pointsAdded;
    progress.pages++;
    if (progress.state === 'throttled' && (progress.throttledUntil ?? 0) <= Date.now()) {
      progress.state = 'running';
      progress.throttledUntil = null;
    }
    emitProgress(run);
    if (outcome.added > 0) noteStoreChanged(run);
    if (page.done) break;
  }
  for (const s of feed.streams) recordStreamSuccess(ws.db, s.id, 0, null, null, ws.now());
}

/** One feed, its failure recorded: a stream's failure stays with the feed, an account's stops every feed. */
async function syncFeedRecorded(run: AccountRun, ctx: FeedContext, feed: Feed): Promise<void> {
  const { ws, result, progress } = run;
  if (ctx.signal.aborted) return;
  try {
    await syncFeed(run, ctx, feed);
  } catch (err) {
    if (ctx.signal.aborted) return;
    if (err instanceof VendorError && err.action !== 'fail-stream') {
      // Account-wide: stop the other feeds too.
      result.why = err.said;
      if (err instanceof ThrottledError) progress.throttledUntil = err.until ?? null;
      if (err instanceof OfflineError) progress.state = 'offline';
      ctx.accountAbort.abort(err);
      return;
    }
    const why = saidOf(err);
    result.failures.push({ feed: feed.id, keys: feed.streams.map((s) => s.key), message: say(why, 'en'), why });
    for (const s of feed.streams) recordStreamError(ws.db, s.id, why, ws.now());
  } finally {
    progress.feedsDone++;
    emitProgress(run);
  }
}

/** Pages through one device's communication log from its saved cursor, each page committed with its cursor. */
async function syncEvents(run: AccountRun, ctx: FeedContext, sourceRef: string, sourceId: number): Promise<void> {
  const { ws, account, options, result } = run;
  const events = ctx.connector.events;
  if (!events) return;
  const scope = `events:${account.id}:${sourceRef}`;
  for (;;) {
    ctx.signal.throwIfAborted();
    const page = await events.fetchEvents({
      sourceRef,
      cursor: readCursor(ws.db, scope),
      from: options.from ?? earliestOption(account),
      signal: ctx.signal,
    });
    ctx.signal.throwIfAborted();
    result.eventsAdded += persistEvents(ws.db, sourceId, page, scope, ws.now());
    if (page.done) break;
  }
}

/** One device's events; a failure is the device's, like a feed's, unless it is the account's. */
async function syncEventsRecorded(run: AccountRun, ctx: FeedContext, sourceRef: string, sourceId: number) {
  if (ctx.signal.aborted) return;
  try {
    await syncEvents(run, ctx, sourceRef, sourceId);
  } catch (err) {
    if (ctx.signal.aborted) return;
    if (err instanceof VendorError && err.action !== 'fail-stream') {
      run.result.why = err.said;
      ctx.accountAbort.abort(err);
      return;
    }
    const why = saidOf(err);
    run.result.failures.push({ feed: `events of ${sourceRef}`, keys: [], message: say(why, 'en'), why });
  }
}

/** Discovery, saved; then every feed of the selected streams, a few at once. Resolves to the run's answer. */
async function discoverAndSync(
  run: AccountRun,
  connector: Connector,
  signal: AbortSignal,
  accountAbort: AbortController,
): Promise<AccountSyncResult> {
  const { ws, account, options, result, progress } = run;
  emitProgress(run);
  const { discovery, ...persisted } = await runDiscovery(ws, account, connector, signal);
  result.metadataChanged = persisted.metadataChanged;
  // Streams taken out of the selection keep their points and stop syncing.
  const selected = new Set(listStreams(ws.db, { accountId: account.id }).flatMap((s) => (s.selected ? [s.key] : [])));
  const syncing = new Map([...persisted.streamIds].filter(([key]) => selected.has(key)));
  recordRetentionLoss(ws, account, connector, syncing, result);

  const feeds = groupFeeds(discovery.feeds, discovery.streams, syncing);
  progress.feedsTotal = feeds.length;
  progress.state = 'running';
  emitProgress(run);

  const overview = streamOverview(ws.db).filter((s) => s.accountId === account.id);
  const lastTs = new Map(overview.map((s) => [s.id, s.lastTs]));
  const sourceOf = new Map(overview.map((s) => [s.id, s.sourceId]));
  const ctx: FeedContext = { connector, signal, accountAbort, lastTs, sourceOf };
  await runPool([...feeds], options.concurrency ?? 4, (feed) => syncFeedRecorded(run, ctx, feed));
  if (connector.events)
    await runPool([...persisted.sourceIds], options.concurrency ?? 4, ([ref, id]) =>
      syncEventsRecorded(run, ctx, ref, id),
    );
  if (options.signal?.aborted) return finishAccountRun(run, 'cancelled', said('sync.cancelled'));
  if (result.why) return finishAccountRun(run, 'failed', result.why);
  if (result.failures.length > 0)
    return finishAccountRun(
      run,
      result.failures.length === feeds.length ? 'failed' : 'partial',
      said('sync.feedsFailed', { failed: result.failures.length, count: feeds.length }),
    );
  return finishAccountRun(run, 'ok', null);
}

/** Syncs one account: discover, then every feed from its saved cursor; see DESIGN.md conventions 2–4. */
export async function syncAccount(
  ws: Workspace,
  account: AccountRow,
  options: SyncOptions = {},
): Promise<AccountSyncResult> {
  const run = startAccountRun(ws, account, options);
  if (account.removedAt) return finishAccountRun(run, 'failed', said('accounts.removed', { name: account.name }));
  const accountAbort = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, accountAbort.signal]) : accountAbort.signal;

  let secret: Record<string, string> | null;
  try {
    secret = ws.vault.read(account);
  } catch (err) {
    return finishAccountRun(run, 'failed', saidOf(err));
  }
  if (!secret) return finishAccountRun(run, 'failed', said('accounts.noSecret', { name: account.name }));
  const { connector, http } = openConnector(account, secret, {
    dispatcher: options.dispatcher,
    now: ws.now,
    log: options.log,
    onThrottle: (until, reason) => {
      run.progress.state = 'throttled';
      run.progress.throttledUntil = until;
      run.progress.message = reason;
      emitProgress(run);
    },
  });

  try {
    return await discoverAndSync(run, connector, signal, accountAbort);
  } catch (err) {
    if (options.signal?.aborted) return finishAccountRun(run, 'cancelled', said('sync.cancelled'));
    if (err instanceof OfflineError) run.progress.state = 'offline';
    return finishAccountRun(run, 'failed', saidOf(err));
  } finally {
    await http.close();
  }
}

/** The account option `earliest` (ISO text): where a first sync starts when not told (the demo sets it). */
function earliestOption(account: AccountRow): number | undefined {
  const ms = typeof account.options.earliest === 'string' ? Date.parse(account.options.earliest) : NaN;
  return Number.isNaN(ms) ? undefined : ms * 1000;
}

function groupFeeds(
  feeds: Record<string, Remote>,
  streams: { key: string; feed: string; remote: Remote }[],
  ids: Map<string, number>,
): Feed[] {
  const byId = new Map<string, Feed>();
  for (const s of streams) {
    const id = ids.get(s.key);
    if (id === undefined) continue;
    let feed = byId.get(s.feed);
    if (!feed) byId.set(s.feed, (feed = { id: s.feed, remote: feeds[s.feed] ?? {}, streams: [] }));
    feed.streams.push({ key: s.key, remote: s.remote, id });
  }
  return [...byId.values()];
}

/**
 * Vendors that keep only recent data (Opti: 3 days): when the newest point we hold is older than what
 * the vendor still serves, the interval between is lost for good. Say so, per stream.
 */
function recordRetentionLoss(
  ws: Workspace,
  account: AccountRow,
  connector: Connector,
  ids: Map<string, number>,
  result: AccountSyncResult,
): void {
  if (!connector.retentionStart) return;
  const horizon = connector.retentionStart(ws.now() * 1000);
  const lastSync = lastSuccessfulRunStart(ws.db, account.id);
  if (lastSync === null) return;
  const overview = new Map(streamOverview(ws.db).map((s) => [s.id, s]));
  for (const [key, id] of ids) {
    const lastTs = overview.get(id)?.lastTs ?? null;
    const from = lastTs ?? lastSync * 1000;
    if (from < horizon) {
      recordGap(ws.db, id, {
        from,
        to: horizon,
        reason: 'Lost for good: the vendor keeps only recent data and the last sync was too long ago.',
      });
      result.lost.push({ key, from, to: horizon });
    }
  }
}

/** Every account (or the named ones) in parallel; removed accounts are not synced. */
export async function syncAccounts(
  ws: Workspace,
  accountIds: string[] | null,
  options: SyncOptions = {},
): Promise<AccountSyncResult[]> {
  const accounts = listAccounts(ws.db).filter((a) => (accountIds ? accountIds.includes(a.id) : !a.removedAt));
  return Promise.all(accounts.map((a) => syncAccount(ws, a, options)));
}
