import { addAccount, editAccount, removeAccount } from '../accounts';
import { VendorIdSchema, AddAccountInput } from '../api/contract';
import { UserError, vendorIds } from '../model';
import { accountByName, listAccounts, listStreams, type AccountRow } from '../store/catalog';
import { streamOverview } from '../store/status';
import type { Workspace } from '../workspace';
import { options, timeOption, UsageError, withWorkspace, type Command, type CommandContext } from './args';
import { moveSecretsToKeychain } from '../accounts/move-secrets';
import { credentialStateText, environmentSecret, envOverrideName, secretStoreOf, type CredentialState } from '../vault';
import { unlockForAccounts } from '../vault/terminal';
import { t } from './i18n';

/** `--secret-stdin`: one JSON object on standard input. */
async function secretFromStdin(ctx: CommandContext): Promise<Record<string, string>> {
  if (!ctx.readStdin) throw new UsageError('--secret-stdin needs standard input.');
  const text = (await ctx.readStdin()).trim();
  if (!text) throw new UserError('Nothing was read from standard input: pipe the secret JSON into --secret-stdin.');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new UserError('The secret on standard input is not valid JSON.');
  }
  if (
    !value ||
    typeof value !== 'object' ||
    Array.isArray(value) ||
    Object.values(value).some((v) => typeof v !== 'string')
  )
    throw new UserError('The secret on standard input must be one JSON object of text fields.');
  return value as Record<string, string>;
}

export function requireAccountNamed(ws: Workspace, name: string): AccountRow {
  const a = accountByName(ws.db, name);
  if (!a) throw new UserError(t('noAccount', { name }));
  return a;
}

async function add(rest: string[], ctx: CommandContext): Promise<number> {
  const { values } = options(rest, {
    vendor: { type: 'string' },
    name: { type: 'string' },
    'base-url': { type: 'string' },
    'secret-stdin': { type: 'boolean' },
    from: { type: 'string' },
  });
  const vendor = VendorIdSchema.safeParse(values.vendor);
  if (!vendor.success) throw new UsageError(`--vendor must be one of ${vendorIds.join(', ')}.`);
  if (!values.name || !values['base-url']) throw new UsageError('--name and --base-url are required.');
  const from = values.from === undefined ? undefined : timeOption(values.from, '--from');
  // Without --secret-stdin, TRIBUTARY_SECRET_<NAME> supplies the secret: read, never stored.
  const fromEnvironment = values['secret-stdin'] ? null : environmentSecret(values.name);
  const secret = fromEnvironment ?? (values['secret-stdin'] ? await secretFromStdin(ctx) : {});
  const input = AddAccountInput.safeParse({
    vendor: vendor.data,
    name: values.name,
    baseUrl: values['base-url'],
    secret,
  });
  if (!input.success)
    throw new UsageError(input.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  return withWorkspace(ctx, (ws) => {
    let a = addAccount(ws, input.data, fromEnvironment ? 'environment' : 'vault');
    if (from !== undefined) a = editAccount(ws, a.id, { from });
    ctx.out(`Added ${a.vendor} account "${a.name}": ${credentialStateText[secretStoreOf(a.options)]}.`);
    return 0;
  });
}

async function edit(rest: string[], ctx: CommandContext): Promise<number> {
  const { values, positionals } = options(
    rest,
    {
      rename: { type: 'string' },
      'base-url': { type: 'string' },
      'secret-stdin': { type: 'boolean' },
      from: { type: 'string' },
    },
    true,
  );
  if (positionals.length !== 1) throw new UsageError('account edit needs the account NAME.');
  const baseUrl = values['base-url'];
  if (baseUrl !== undefined && !AddAccountInput.shape.baseUrl.safeParse(baseUrl).success)
    throw new UsageError('--base-url must be an http:// or https:// address.');
  const from = values.from === undefined ? undefined : timeOption(values.from, '--from');
  const secret = values['secret-stdin'] ? await secretFromStdin(ctx) : undefined;
  if (values.rename === undefined && baseUrl === undefined && secret === undefined && from === undefined)
    throw new UsageError('Nothing to change: give --rename, --base-url, --secret-stdin or --from.');
  return withWorkspace(ctx, (ws) => {
    const before = requireAccountNamed(ws, positionals[0]);
    const a = editAccount(ws, before.id, { name: values.rename?.trim(), baseUrl, secret, from });
    const changed = [
      values.rename !== undefined && `renamed to "${a.name}"`,
      baseUrl !== undefined && `base URL ${a.baseUrl}`,
      secret && `new credentials: ${credentialStateText[secretStoreOf(a.options)]}`,
      from !== undefined && `first syncs start at ${new Date(from / 1000).toISOString()}`,
    ].filter(Boolean);
    ctx.out(`Edited "${before.name}": ${changed.join('; ')}.`);
    return 0;
  });
}

async function remove(rest: string[], ctx: CommandContext): Promise<number> {
  const { values, positionals } = options(rest, { 'delete-data': { type: 'boolean' } }, true);
  if (positionals.length !== 1) throw new UsageError('account remove needs the account NAME.');
  return withWorkspace(ctx, (ws) => {
    const a = requireAccountNamed(ws, positionals[0]);
    const streams = listStreams(ws.db, { accountId: a.id }).length;
    const points = streamOverview(ws.db)
      .filter((s) => s.accountId === a.id)
      .reduce((n, s) => n + s.pointCount, 0);
    const deleteData = values['delete-data'] ?? false;
    removeAccount(ws, a.id, { deleteData });
    ctx.out(
      deleteData
        ? `Removed "${a.name}": its credentials, ${streams} streams and ${points} points are deleted.`
        : `Removed "${a.name}": its credentials are deleted and it no longer syncs; its ${streams} streams and ${points} points stay, read-only (tributary account remove "${a.name}" --delete-data deletes them).`,
    );
    return 0;
  });
}

function list(rest: string[], ctx: CommandContext): Promise<number> {
  const { values } = options(rest, { json: { type: 'boolean' } });
  return withWorkspace(ctx, (ws) => {
    const accounts = listAccounts(ws.db).map((a) => ({
      name: a.name,
      vendor: a.vendor,
      baseUrl: a.baseUrl,
      // Where the secret is kept, or what is missing; never the secret.
      credentials: ws.vault.state(a),
      removed: a.removedAt !== null && a.removedAt !== undefined,
      text: a.removedAt ? 'removed (data kept read-only)' : credentialsLine(ws.vault.state(a), a),
    }));
    if (values.json) {
      ctx.out(JSON.stringify(accounts.map(({ text: _text, ...a }) => a)));
      return 0;
    }
    if (accounts.length === 0) ctx.out('No accounts yet. Add one with: tributary account add ...');
    for (const a of accounts) ctx.out(`${a.name}\t${a.vendor}\t${a.baseUrl}\t${a.text}`);
    return 0;
  });
}

/** The state in words; an environment account without its variable says which to set. */
function credentialsLine(state: CredentialState, account: AccountRow): string {
  const unset = state === 'none' && secretStoreOf(account.options) === 'environment';
  return unset ? `no credentials (set ${envOverrideName(account.name)})` : credentialStateText[state];
}

async function moveSecrets(args: string[], ctx: CommandContext): Promise<number> {
  const { values } = options(args, { to: { type: 'string' } });
  if (values.to !== 'keychain') throw new UsageError('move-secrets needs --to keychain.');
  return withWorkspace(ctx, async (ws) => {
    const { keychain } = ws.vault.status();
    if (keychain !== 'available') {
      const why = keychain === 'keychain-locked' ? 'Keychain locked' : 'Keychain not available';
      throw new UserError(`${why}: nothing was moved; the credentials stay in the encrypted file.`);
    }
    await unlockForAccounts(ws.vault, listAccounts(ws.db));
    const report = moveSecretsToKeychain(ws.db, ws.vault);
    if (report.moved.length + report.failed.length === 0) ctx.out('No credentials are in the encrypted file.');
    for (const name of report.moved) ctx.out(`${name}: moved to the keychain`);
    for (const f of report.failed) ctx.err(`${f.name}: not moved — ${f.message}`);
    return report.failed.length > 0 ? 1 : 0;
  });
}

export const accountCommand: Command = {
  help: `Usage:
  tributary account add --vendor <${vendorIds.join('|')}> --name NAME --base-url URL --secret-stdin [--from ISO]
  tributary account list [--json]
  tributary account edit NAME [--rename NEW] [--base-url URL] [--secret-stdin] [--from ISO]
  tributary account remove NAME [--delete-data]
  tributary account move-secrets --to keychain

--secret-stdin reads one JSON object: opti {"key"}, opticloud {"username","password","tenant"},
opendatasoft {"apikey"} (optional for public portals), realtime {"token","secret"}, opensense {"token"}.
It is stored in the OS keychain, or where no keychain answers in the workspace's encrypted file
(password from TRIBUTARY_VAULT_PASSWORD or asked on a terminal). Without --secret-stdin, the secret
comes from TRIBUTARY_SECRET_<NAME> and nothing is stored. move-secrets moves the file's secrets into
a keychain that has appeared since. --from sets where the first sync of new streams starts.
remove deletes the stored secret and stops syncing; the data stays read-only unless --delete-data.`,
  async run(args, ctx) {
    const [sub, ...rest] = args;
    if (sub === 'add') return add(rest, ctx);
    if (sub === 'list') return list(rest, ctx);
    if (sub === 'edit') return edit(rest, ctx);
    if (sub === 'remove') return remove(rest, ctx);
    if (sub === 'move-secrets') return moveSecrets(rest, ctx);
    throw new UsageError(sub ? t('account.unknownSub', { sub }) : t('account.needsSub'));
  },
};
