import { addAccount, editAccount, removeAccount } from '../accounts';
import { VendorIdSchema, AddAccountInput } from '../api/contract';
import { said, UserError, vendorIds } from '../model';
import { accountByName, listAccounts, listStreams, type AccountRow } from '../store/catalog';
import { streamOverview } from '../store/status';
import type { Workspace } from '../workspace';
import { options, timeOption, UsageError, withWorkspace, type Command, type CommandContext } from './args';
import { moveSecretsToKeychain } from '../accounts/move-secrets';
import {
  credentialStateMessage,
  environmentSecret,
  envOverrideName,
  secretStoreOf,
  type CredentialState,
} from '../vault';
import { unlockForAccounts } from '../vault/terminal';
import { n, speak, t } from './i18n';

/** `--secret-stdin`: one JSON object on standard input. */
async function secretFromStdin(ctx: CommandContext): Promise<Record<string, string>> {
  if (!ctx.readStdin) throw new UsageError(t('account.stdinIsTerminal'));
  const text = (await ctx.readStdin()).trim();
  if (!text) throw new UserError('accounts.secretStdinEmpty');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new UserError('accounts.secretStdinNotJson');
  }
  if (
    !value ||
    typeof value !== 'object' ||
    Array.isArray(value) ||
    Object.values(value).some((v) => typeof v !== 'string')
  )
    throw new UserError('accounts.secretStdinNotObject');
  return value as Record<string, string>;
}

export function requireAccountNamed(ws: Workspace, name: string): AccountRow {
  const a = accountByName(ws.db, name);
  if (!a) throw new UserError('accounts.noAccountNamed', { name });
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
  if (!vendor.success) throw new UsageError(t('account.vendorOneOf', { vendors: vendorIds.join(', ') }));
  if (!values.name || !values['base-url']) throw new UsageError(t('account.nameAndUrl'));
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
    const state = speak(credentialStateMessage(secretStoreOf(a.options)));
    ctx.out(t('account.added', { vendor: a.vendor, name: a.name, state }));
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
  if (positionals.length !== 1) throw new UsageError(t('account.needsName', { sub: 'edit' }));
  const baseUrl = values['base-url'];
  if (baseUrl !== undefined && !AddAccountInput.shape.baseUrl.safeParse(baseUrl).success)
    throw new UsageError(t('account.baseUrl'));
  const from = values.from === undefined ? undefined : timeOption(values.from, '--from');
  const secret = values['secret-stdin'] ? await secretFromStdin(ctx) : undefined;
  if (values.rename === undefined && baseUrl === undefined && secret === undefined && from === undefined)
    throw new UsageError(t('account.nothingToChange'));
  return withWorkspace(ctx, (ws) => {
    const before = requireAccountNamed(ws, positionals[0]);
    const a = editAccount(ws, before.id, { name: values.rename?.trim(), baseUrl, secret, from });
    const changed = [
      values.rename !== undefined && t('account.renamed', { name: a.name }),
      baseUrl !== undefined && t('account.newBaseUrl', { url: a.baseUrl }),
      secret && t('account.newSecret', { state: speak(credentialStateMessage(secretStoreOf(a.options))) }),
      from !== undefined && t('account.newFrom', { time: new Date(from / 1000).toISOString() }),
    ].filter(Boolean);
    ctx.out(t('account.edited', { name: before.name, changes: changed.join('; ') }));
    return 0;
  });
}

async function remove(rest: string[], ctx: CommandContext): Promise<number> {
  const { values, positionals } = options(rest, { 'delete-data': { type: 'boolean' } }, true);
  if (positionals.length !== 1) throw new UsageError(t('account.needsName', { sub: 'remove' }));
  return withWorkspace(ctx, (ws) => {
    const a = requireAccountNamed(ws, positionals[0]);
    const streams = listStreams(ws.db, { accountId: a.id }).length;
    const points = streamOverview(ws.db)
      .filter((s) => s.accountId === a.id)
      .reduce((n, s) => n + s.pointCount, 0);
    const deleteData = values['delete-data'] ?? false;
    removeAccount(ws, a.id, { deleteData });
    const counts = { name: a.name, streams: n(streams), points: n(points) };
    ctx.out(t(deleteData ? 'account.removedWithData' : 'account.removedDataKept', counts));
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
      text: speak(a.removedAt ? said('credentials.removed') : credentialsLine(ws.vault.state(a), a)),
    }));
    if (values.json) {
      ctx.out(JSON.stringify(accounts.map(({ text: _text, ...a }) => a)));
      return 0;
    }
    if (accounts.length === 0) ctx.out(t('account.none'));
    for (const a of accounts) ctx.out(`${a.name}\t${a.vendor}\t${a.baseUrl}\t${a.text}`);
    return 0;
  });
}

/** The state in words; an environment account without its variable says which to set. */
function credentialsLine(state: CredentialState, account: AccountRow) {
  const unset = state === 'none' && secretStoreOf(account.options) === 'environment';
  return unset
    ? said('credentials.unsetEnvironment', { variable: envOverrideName(account.name) })
    : credentialStateMessage(state);
}

async function moveSecrets(args: string[], ctx: CommandContext): Promise<number> {
  const { values } = options(args, { to: { type: 'string' } });
  if (values.to !== 'keychain') throw new UsageError(t('account.moveNeedsTo'));
  return withWorkspace(ctx, async (ws) => {
    const { keychain } = ws.vault.status();
    if (keychain !== 'available') throw new UserError('vault.nothingMoved', { why: credentialStateMessage(keychain) });
    await unlockForAccounts(ws.vault, listAccounts(ws.db));
    const report = moveSecretsToKeychain(ws.db, ws.vault);
    if (report.moved.length + report.failed.length === 0) ctx.out(t('account.noneInFile'));
    for (const name of report.moved) ctx.out(t('account.moved', { name }));
    for (const f of report.failed) ctx.err(t('account.notMoved', { name: f.name, message: f.message }));
    return report.failed.length > 0 ? 1 : 0;
  });
}

export const accountCommand: Command = {
  get help() {
    return t('account.help', { vendors: vendorIds.join('|') });
  },
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
