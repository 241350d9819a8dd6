import { said } from '../model';
import { VaultError } from './errors';
import type { AccountRef, Vault } from '.';

/** Reads a password on the terminal without echoing it; Ctrl-C cancels. */
function askPassword(question: string): Promise<string> {
  const stdin = process.stdin;
  return new Promise((done, fail) => {
    let typed = '';
    const finish = () => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') {
          finish();
          done(typed);
          return;
        }
        if (ch === '\u0003') {
          finish();
          fail(new VaultError(said('vault.passwordCancelled')));
          return;
        }
        typed = ch === '\u007f' || ch === '\b' ? typed.slice(0, -1) : typed + ch;
      }
    };
    process.stderr.write(question);
    stdin.setEncoding('utf8');
    stdin.setRawMode(true);
    stdin.resume();
    stdin.on('data', onData);
  });
}

/**
 * CLI: when some of `accounts` keep their secret in the locked encrypted file, asks for its password on a
 * terminal; elsewhere fails at once with the one line that says what to set (the read's own error).
 */
export async function unlockForAccounts(vault: Vault, accounts: readonly AccountRef[]): Promise<void> {
  const locked = accounts.find((a) => vault.state(a) === 'needs-vault-password');
  if (!locked) return;
  if (!process.stdin.isTTY) {
    // The read fails with the line that says what to set (a missing or a wrong password).
    vault.read(locked);
    return;
  }
  vault.unlock(await askPassword('Vault password (for the encrypted credentials file): '));
}
