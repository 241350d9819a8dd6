import { moveSecretsToKeychain } from '../accounts/move-secrets';
import type { Channel } from './contract';
import type { HandlerContext, Handlers } from './context';

type VaultChannel = Extract<Channel, `vault:${string}`>;

export function createVaultHandlers({ ws }: HandlerContext): Pick<Handlers, VaultChannel> {
  const changed = (reason: string) => ws.events.emit('store:changed', { reason });
  return {
    'vault:status': () => ws.vault.status(),
    'vault:unlock': ({ password }) => {
      ws.vault.unlock(password);
      changed('vault unlocked');
      return ws.vault.status();
    },
    'vault:moveToKeychain': () => {
      const report = moveSecretsToKeychain(ws.db, ws.vault);
      changed('secrets moved');
      return report;
    },
  };
}
