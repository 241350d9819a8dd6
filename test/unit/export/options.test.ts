import { describe, expect, it } from 'vitest';
import { ExportOptions } from '../../../src-main/export/options';

describe('ExportOptions', () => {
  it('fills defaults: long, all streams, UTC, gaps omitted, plain CSV', () => {
    expect(ExportOptions.parse({ format: 'csv', out: 'x.csv' })).toEqual({
      format: 'csv',
      out: 'x.csv',
      layout: 'long',
      streams: [],
      timeZone: 'UTC',
      gaps: 'omit',
      csv: { delimiter: ',', decimalSeparator: '.', bom: false, protectFormulas: false },
    });
  });

  it.each([
    [{ format: 'csv', out: 'x', from: 5, to: 5 }, 'to'],
    [{ format: 'json', out: 'x', layout: 'wide' }, 'layout'],
    [{ format: 'xlsx', out: 'x', gaps: 'mark' }, 'gaps'],
    [{ format: 'parquet', out: 'x', timeZone: 'Europe/Berlin' }, 'timeZone'],
    [{ format: 'csv', out: 'x', timeZone: 'Mars/Olympus' }, 'timeZone'],
    [{ format: 'csv', out: 'x', csv: { decimalSeparator: ',' } }, 'csv'],
    [{ format: 'csv', out: 'x', resample: { interval: 0, aggregate: 'mean' } }, 'resample'],
    [{ format: 'tsv', out: 'x' }, 'format'],
  ])('refuses %j (at %s)', (input, path) => {
    const result = ExportOptions.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0].path[0]).toBe(path);
  });

  it("accepts ';' with a decimal comma, 'local' and IANA zones", () => {
    expect(
      ExportOptions.safeParse({
        format: 'csv',
        out: 'x',
        timeZone: 'local',
        csv: { delimiter: ';', decimalSeparator: ',' },
      }).success,
    ).toBe(true);
    expect(ExportOptions.safeParse({ format: 'json', out: 'x', timeZone: 'America/New_York' }).success).toBe(true);
  });
});
