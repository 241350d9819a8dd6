/**
 * The demo workspace: the vendor simulators on loopback, one account per vendor, synced, so a newcomer
 * with no credentials sees the whole product. The simulators only live as long as the process, so a
 * demo account's base URL is pointed at the running ones each time the demo is (re)opened.
 */
import { startSimulators, type Simulators } from '../simulators';
import { addAccount } from '../accounts';
import type { Workspace } from '../workspace';
import { listAccounts, updateAccount } from '../store/catalog';
import { vendorIds, type VendorId } from '../model';
import demo from '../../resources/demo.json';

export interface Demo {
  simulators: Simulators;
  accountIds: string[];
  close(): Promise<void>;
}

export const demoAccountName = (vendor: VendorId) => `${demo.accountNamePrefix} ${demo.vendorLabels[vendor]}`;

export function hasDemoAccounts(ws: Workspace): boolean {
  const names = new Set(vendorIds.map(demoAccountName));
  return listAccounts(ws.db).some((a) => names.has(a.name));
}

/** Starts the simulators and adds (or re-points) the demo accounts; syncing is the caller's next step. */
export async function openDemo(ws: Workspace): Promise<Demo> {
  const simulators = await startSimulators({ seed: demo.seed, faults: 'none', scale: 'small' });
  try {
    return addDemoAccounts(ws, simulators);
  } catch (err) {
    // Servers left listening would keep the process alive after the error is reported.
    await simulators.close();
    throw err;
  }
}

function addDemoAccounts(ws: Workspace, simulators: Simulators): Demo {
  const existing = new Map(listAccounts(ws.db).map((a) => [a.name, a]));
  const accountIds: string[] = [];
  for (const vendor of vendorIds) {
    const name = demoAccountName(vendor);
    const baseUrl = simulators.baseUrls[vendor];
    const secret = simulators.credentials[vendor] as Record<string, string>;
    // The simulators' credentials are not secrets: they stay in the workspace, so no keychain is needed.
    const account = existing.get(name) ?? addAccount(ws, { vendor, name, baseUrl, secret }, 'demo');
    // The simulators' history is short: a first sync need not walk a year of empty windows.
    updateAccount(ws.db, account.id, {
      baseUrl,
      options: {
        ...account.options,
        ...ws.vault.store(account, secret, 'demo'),
        earliest: new Date(Date.now() - demo.historyDays * 86_400_000).toISOString(),
      },
    });
    accountIds.push(account.id);
  }
  ws.events.emit('store:changed', { reason: 'demo opened' });
  return { simulators, accountIds, close: () => simulators.close() };
}

/** The app's demo: at most one set of simulators, synced when opened, closed with the app. */
export interface DemoService {
  open(): Promise<void>;
  close(): Promise<void>;
}

export function createDemoService(ws: Workspace, startSync: (accountIds: string[]) => void): DemoService {
  let running: Demo | null = null;
  return {
    async open() {
      await running?.close();
      running = await openDemo(ws);
      startSync(running.accountIds);
    },
    async close() {
      await running?.close();
      running = null;
    },
  };
}
