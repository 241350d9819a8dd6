import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { plainNumber } from '../../../src-main/export/number-text';

describe('plainNumber', () => {
  it.each([
    [1.5, '1.5'],
    [-42, '-42'],
    [0, '0'],
    [-0, '0'],
    [0.1 + 0.2, '0.30000000000000004'],
    [1e-7, '0.0000001'],
    [-1.234e-6, '-0.000001234'],
    [1.5e21, '1500000000000000000000'],
    [1.2345678901234566e25, '12345678901234566000000000'],
    [5e-324, `0.${'0'.repeat(323)}5`],
    [Number.MAX_VALUE, `17976931348623157${'0'.repeat(292)}`],
  ])('writes %s as %s', (n, text) => {
    expect(plainNumber(n)).toBe(text);
  });

  it('never writes an exponent and always reads back as the same double', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (n) => {
        const text = plainNumber(n);
        expect(text).toMatch(/^-?\d+(\.\d+)?$/);
        expect(Number(text)).toBe(Object.is(n, -0) ? 0 : n);
      }),
      { numRuns: 5000 },
    );
  });
});
