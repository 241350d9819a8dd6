import { addAccount } from '../accounts';
import { accountByName, listAccounts, listStreams } from '../store/catalog';
import { streamOverview } from '../store/status';
import { VendorIdSchema, AddAccountInput } from '../api/contract';
import { UserError, vendorIds } from '../model';
import { serveCommand } from './serve';
import { syncCommand } from './sync';
import { demoCommand } from './demo';
import { osfCommand } from './osf';
import { filesCommand } from './files';
import { exportCommand } from './export';
import { eventsCommand, sourcesCommand } from './sources';
import { streamRanges, type StreamRangeView } from '../sources';
import { options, UsageError, withWorkspace, type Command } from './args';

export { UsageError, type CommandContext } from './args';

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY)
    throw new UsageError('--secret-stdin expects the secret JSON on standard input (pipe it in).');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const account: Command = {
  help: `Usage:
  tributary account add --vendor <${vendorIds.join('|')}> --name NAME --base-url URL --secret-stdin
  tributary account list

--secret-stdin reads one JSON object: opti {"key"}, opticloud {"username","password","tenant"},
opendatasoft {"apikey"} (optional for public portals), realtime {"token","secret"}, opensense {"token"}.
It is stored in the OS keychain and nowhere else.`,
  async run(args, ctx) {
    const [sub, ...rest] = args;
    if (sub === 'list') {
      options(rest, {});
      return withWorkspace(ctx, (ws) => {
        const accounts = listAccounts(ws.db);
        if (accounts.length === 0) ctx.out('No accounts yet. Add one with: tributary account add ...');
        for (const a of accounts)
          ctx.out(
            `${a.name}\t${a.vendor}\t${a.baseUrl}\t${ws.vault.has(a.id, a.name) ? 'credentials stored' : 'NO credentials'}`,
          );
        return 0;
      });
    }
    if (sub !== 'add') throw new UsageError(sub ? `Unknown account command "${sub}".` : 'account needs a sub-command.');
    const { values } = options(rest, {
      vendor: { type: 'string' },
      name: { type: 'string' },
      'base-url': { type: 'string' },
      'secret-stdin': { type: 'boolean' },
    });
    const vendor = VendorIdSchema.safeParse(values.vendor);
    if (!vendor.success) throw new UsageError(`--vendor must be one of ${vendorIds.join(', ')}.`);
    if (!values.name || !values['base-url']) throw new UsageError('--name and --base-url are required.');
    let secret: unknown = {};
    if (values['secret-stdin']) {
      const text = (await readStdin()).trim();
      try {
        secret = text ? JSON.parse(text) : {};
      } catch {
        throw new UserError('The secret on standard input is not valid JSON.');
      }
    }
    const input = AddAccountInput.safeParse({
      vendor: vendor.data,
      name: values.name,
      baseUrl: values['base-url'],
      secret,
    });
    if (!input.success)
      throw new UsageError(input.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    return withWorkspace(ctx, (ws) => {
      const a = addAccount(ws, input.data);
      ctx.out(`Added ${a.vendor} account "${a.name}"; its credentials are in the OS keychain.`);
      return 0;
    });
  },
};

const streams: Command = {
  help: 'Usage: tributary streams [--account NAME] [--json]',
  async run(args, ctx) {
    const { values } = options(args, { account: { type: 'string' }, json: { type: 'boolean' } });
    return withWorkspace(ctx, (ws) => {
      let accountId: string | undefined;
      if (values.account) {
        const a = accountByName(ws.db, values.account);
        if (!a) throw new UserError(`No account named "${values.account}".`);
        accountId = a.id;
      }
      const status = new Map(streamOverview(ws.db).map((s) => [s.id, s]));
      const rows = listStreams(ws.db, { accountId }).map((s) => ({
        key: s.key,
        name: s.name,
        unit: s.unit,
        kind: s.kind,
        vendor: s.vendor,
        points: status.get(s.id)?.pointCount ?? 0,
        first: isoOrNull(status.get(s.id)?.firstTs),
        last: isoOrNull(status.get(s.id)?.lastTs),
        reported: s.reported,
        ...(s.enumLabels ? { enumLabels: s.enumLabels } : {}),
        ...rangeFields(streamRanges(ws, s.id)),
      }));
      if (values.json) ctx.out(JSON.stringify(rows));
      else if (rows.length === 0) ctx.out('No streams yet: add an account and run tributary sync.');
      else
        for (const r of rows)
          ctx.out(
            `${r.key}\t${r.name}\t${r.unit}\t${r.kind}\t${r.points} points${r.reported ? '' : '\t(no longer reported)'}`,
          );
      return 0;
    });
  },
};

/** A stream's ranges as its metadata carries them: `range` (the one that counts) and where it comes from. */
function rangeFields(r: StreamRangeView) {
  return r.effective ? { range: { ...r.effective, origin: r.user ? 'user' : 'vendor' } } : {};
}

function isoOrNull(us: number | null | undefined): string | null {
  return us == null ? null : new Date(Math.floor(us / 1000)).toISOString();
}

export const commands: Record<string, Command> = {
  account,
  streams,
  sources: sourcesCommand,
  events: eventsCommand,
  serve: serveCommand,
  sync: syncCommand,
  demo: demoCommand,
  osf: osfCommand,
  files: filesCommand,
  export: exportCommand,
};
