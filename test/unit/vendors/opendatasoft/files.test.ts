import { describe, expect, it } from 'vitest';
import { attachmentNames } from '../../../../src-main/vendors/opendatasoft/files';

describe('OpenDataSoft attachment names', () => {
  it('uses the title, else the id, and never gives two files one name', () => {
    const named = attachmentNames('ds', [
      { id: 'a', title: 'notice.pdf' },
      { id: 'b', title: ' notice.pdf ' },
      { id: 'c', title: 'ds.csv' },
      { id: 'd', title: null },
      { id: 'notice.pdf', title: 'notice.pdf' },
    ]);
    expect([...named].map(([name, a]) => [name, a.id])).toEqual([
      ['notice.pdf', 'a'],
      ['b', 'b'],
      ['c', 'c'], // `ds.csv` is the dataset's CSV export
      ['d', 'd'],
      ['notice.pdf-5', 'notice.pdf'],
    ]);
  });
});
