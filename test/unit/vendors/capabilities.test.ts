import { afterAll, describe, expect, it } from 'vitest';
import { createBudget } from '../../../src-main/http/budget';
import { createHttpClient, type HttpClient } from '../../../src-main/http/client';
import { vendors } from '../../../src-main/vendors';

const clients: HttpClient[] = [];
afterAll(() => Promise.all(clients.map((c) => c.close())));

/** A connector made offline: creating one sends nothing. */
function connectorOf(definition: (typeof vendors)[keyof typeof vendors]) {
  const http = createHttpClient({ budget: createBudget(definition.budget) });
  clients.push(http);
  const secret = Object.fromEntries(definition.secretFields.map((f) => [f.name, 'x']));
  return definition.create({ baseUrl: 'http://127.0.0.1:9', secret, options: {}, http, now: Date.now });
}

describe('vendor capabilities', () => {
  for (const definition of Object.values(vendors)) {
    it(`${definition.id}: declares what its connector does`, () => {
      const { capabilities } = definition;
      const connector = connectorOf(definition);
      expect(connector.files !== undefined, 'files').toBe(capabilities.files !== null);
      expect(connector.reports !== undefined, 'reports').toBe(capabilities.reports !== null);
      expect(connector.files?.requestFromDevice !== undefined, 'request from device').toBe(
        capabilities.files?.requestFromDevice === true,
      );
      expect(connector.retentionStart !== undefined, 'retention').toBe(capabilities.retentionDays !== null);
      // Plain JSON: it crosses IPC and HTTP as is.
      expect(JSON.parse(JSON.stringify(capabilities))).toEqual(capabilities);
    });
  }

  it('words every file status with one meaning', () => {
    for (const { capabilities } of Object.values(vendors)) {
      const statuses = capabilities.files?.statuses ?? [];
      expect(new Set(statuses.map((s) => s.code)).size).toBe(statuses.length);
      for (const s of statuses) expect([s.onServer, s.deviceOnly, s.requested].filter(Boolean)).toHaveLength(1);
    }
  });

  it('keeps optiCLOUD statuses 0–3 in words', () => {
    expect(vendors.opticloud.capabilities.files?.statuses.map((s) => [s.code, s.short, s.long])).toEqual([
      [0, 'device only', 'only on the device'],
      [1, 'requested', 'requested from the device'],
      [2, 'server only', 'only on the server'],
      [3, 'device + server', 'on the device and the server'],
    ]);
    expect(vendors.opti.capabilities.retentionDays).toBe(3);
  });
});
