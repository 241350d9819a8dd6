import { addAccount } from '../accounts';
import { accountByName, listAccounts, listStreams, type AccountRow } from '../store/catalog';
import { streamOverview } from '../store/status';
import { VendorIdSchema, AddAccountInput } from '../api/contract';
import { UserError, vendorIds } from '../model';
import { serveCommand } from './serve';
import { syncCommand } from './sync';
import { demoCommand } from './demo';
import { osfCommand } from './osf';
import { filesCommand } from './files';
import { exportCommand } from './export';
import { options, UsageError, withWorkspace, type Command, type CommandContext } from './args';
import { credentialStateText, environmentSecret, envOverrideName, secretStoreOf, type CredentialState } from '../vault';
import { moveSecretsToKeychain } from '../accounts/move-secrets';
import { unlockForAccounts } from '../vault/terminal';
import { n, t } from './i18n';

export { UsageError, type CommandContext } from './args';

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) throw new UsageError(t('account.stdinIsTerminal'));
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const account: Command = {
  get help() {
    return t('account.help', { vendors: vendorIds.join('|') });
  },
  async run(args, ctx) {
    const [sub, ...rest] = args;
    if (sub === 'list') {
      options(rest, {});
      return withWorkspace(ctx, (ws) => {
        const accounts = listAccounts(ws.db);
        if (accounts.length === 0) ctx.out(t('account.none'));
        for (const a of accounts)
          ctx.out(`${a.name}\t${a.vendor}\t${a.baseUrl}\t${credentialsLine(ws.vault.state(a), a)}`);
        return 0;
      });
    }
    if (sub === 'move-secrets') return moveSecrets(rest, ctx);
    if (sub !== 'add') throw new UsageError(sub ? t('account.unknownSub', { sub }) : t('account.needsSub'));
    const { values } = options(rest, {
      vendor: { type: 'string' },
      name: { type: 'string' },
      'base-url': { type: 'string' },
      'secret-stdin': { type: 'boolean' },
    });
    const vendor = VendorIdSchema.safeParse(values.vendor);
    if (!vendor.success) throw new UsageError(t('account.vendorOneOf', { vendors: vendorIds.join(', ') }));
    if (!values.name || !values['base-url']) throw new UsageError(t('account.nameAndUrl'));
    let secret: unknown = {};
    const fromEnvironment = values['secret-stdin'] ? null : environmentSecret(values.name);
    if (fromEnvironment) secret = fromEnvironment;
    else if (values['secret-stdin']) {
      const text = (await readStdin()).trim();
      if (!text) throw new UserError(t('account.stdinEmpty'));
      try {
        secret = JSON.parse(text);
      } catch {
        throw new UserError(t('account.secretNotJson'));
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
      const a = addAccount(ws, input.data, fromEnvironment ? 'environment' : 'vault');
      ctx.out(
        t('account.added', { vendor: a.vendor, name: a.name, state: credentialStateText[secretStoreOf(a.options)] }),
      );
      return 0;
    });
  },
};

/** The state in words; an environment account without its variable says which to set. */
function credentialsLine(state: CredentialState, account: AccountRow): string {
  const unset = state === 'none' && secretStoreOf(account.options) === 'environment';
  return unset ? t('account.unsetEnv', { variable: envOverrideName(account.name) }) : credentialStateText[state];
}

async function moveSecrets(args: string[], ctx: CommandContext): Promise<number> {
  const { values } = options(args, { to: { type: 'string' } });
  if (values.to !== 'keychain') throw new UsageError(t('account.moveNeedsTo'));
  return withWorkspace(ctx, async (ws) => {
    const { keychain } = ws.vault.status();
    if (keychain !== 'available') {
      const why = keychain === 'keychain-locked' ? t('account.keychainLocked') : t('account.keychainUnavailable');
      throw new Error(t('account.nothingMoved', { why }));
    }
    await unlockForAccounts(ws.vault, listAccounts(ws.db));
    const report = moveSecretsToKeychain(ws.db, ws.vault);
    if (report.moved.length + report.failed.length === 0) ctx.out(t('account.noneInFile'));
    for (const name of report.moved) ctx.out(t('account.moved', { name }));
    for (const f of report.failed) ctx.err(t('account.notMoved', { name: f.name, message: f.message }));
    return report.failed.length > 0 ? 1 : 0;
  });
}

const streams: Command = {
  get help() {
    return t('streams.help');
  },
  async run(args, ctx) {
    const { values } = options(args, { account: { type: 'string' }, json: { type: 'boolean' } });
    return withWorkspace(ctx, (ws) => {
      let accountId: string | undefined;
      if (values.account) {
        const a = accountByName(ws.db, values.account);
        if (!a) throw new UserError(t('noAccount', { name: values.account }));
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
      }));
      if (values.json) ctx.out(JSON.stringify(rows));
      else if (rows.length === 0) ctx.out(t('streams.none'));
      else
        for (const r of rows)
          ctx.out(
            `${r.key}\t${r.name}\t${r.unit}\t${r.kind}\t${t('streams.points', { count: r.points, formatted: n(r.points) })}${r.reported ? '' : `\t${t('streams.notReported')}`}`,
          );
      return 0;
    });
  },
};

function isoOrNull(us: number | null | undefined): string | null {
  return us == null ? null : new Date(Math.floor(us / 1000)).toISOString();
}

export const commands: Record<string, Command> = {
  account,
  streams,
  serve: serveCommand,
  sync: syncCommand,
  demo: demoCommand,
  osf: osfCommand,
  files: filesCommand,
  export: exportCommand,
};
