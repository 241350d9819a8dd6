import { UserError } from '../model';
import { accountByName } from '../store/catalog';
import { deviceLog, listSourceViews, sourceByKey, type SourceHealth } from '../sources';
import type { Workspace } from '../workspace';
import { options, timeRange, UsageError, withWorkspace, type Command } from './args';
import { t } from './i18n';

/** RFC 3339 UTC with milliseconds, from µs. */
const iso = (us: number | null) => (us === null ? null : new Date(Math.floor(us / 1000)).toISOString());

function accountIdOf(ws: Workspace, name: string | undefined): string | undefined {
  if (name === undefined) return undefined;
  const account = accountByName(ws.db, name);
  if (!account) throw new UserError('accounts.noAccountNamed', { name });
  return account.id;
}

/** DESIGN.md "CLI contract": `{key, vendor, name, parent, lastContact, online, location, meta}`. */
const sourceJson = (s: SourceHealth) => ({
  key: s.key,
  vendor: s.vendor,
  name: s.name,
  parent: s.parentKey,
  lastContact: iso(s.lastContact),
  online: s.online,
  location: s.location,
  meta: s.info,
});

function sourceLine(s: SourceHealth): string {
  const online = s.online === null ? '' : `, ${t(s.online ? 'sources.online' : 'sources.offline')}`;
  const place = s.location ? `\t${s.location.lat.toFixed(4)}, ${s.location.lon.toFixed(4)}` : '';
  const contact = t('sources.lastContact', { time: iso(s.lastContact) ?? t('sources.never') });
  return `${s.key}\t${s.name}\t${t(`sources.state.${s.state}`)}${online}\t${contact}${place}`;
}

export const sourcesCommand: Command = {
  get help() {
    return t('sources.help');
  },
  async run(args, ctx) {
    const { values } = options(args, { account: { type: 'string' }, json: { type: 'boolean' } });
    return withWorkspace(ctx, (ws) => {
      const sources = listSourceViews(ws, accountIdOf(ws, values.account));
      if (values.json) ctx.out(JSON.stringify(sources.map(sourceJson)));
      else if (sources.length === 0) ctx.out(t('sources.none'));
      else for (const s of sources) ctx.out(sourceLine(s));
      return 0;
    });
  },
};

export const eventsCommand: Command = {
  get help() {
    return t('events.help');
  },
  async run(args, ctx) {
    const { values } = options(args, {
      account: { type: 'string' },
      source: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      json: { type: 'boolean' },
    });
    if (!values.account) throw new UsageError(t('files.needsAccount'));
    const { from, to } = timeRange(values);
    return withWorkspace(ctx, (ws) => {
      const accountId = accountIdOf(ws, values.account);
      const sources = values.source
        ? [sourceByKey(ws, values.source, accountId)]
        : listSourceViews(ws, accountId).filter((s) => s.hasEvents);
      const events = deviceLog(ws, sources, { from, to });
      if (values.json)
        ctx.out(
          JSON.stringify(events.map((e) => ({ source: e.source, ts: iso(e.ts), type: e.type, details: e.details }))),
        );
      else if (events.length === 0) ctx.out(t('events.none'));
      else for (const e of events) ctx.out(`${iso(e.ts)}\t${e.source}\t${e.type}\t${e.details}`);
      return 0;
    });
  },
};
