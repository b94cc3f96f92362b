import assert from 'node:assert/strict';
import { parseCsv, readLabelledCsv } from '../../src/cli/csv.js';
import { isHelpdeskError } from '../../src/errors.js';

describe('reading CSV', () => {
  const cases: readonly [string, string, string[][]][] = [
    [
      'plain fields',
      'a,b\n1,2\n',
      [
        ['a', 'b'],
        ['1', '2'],
      ],
    ],
    [
      'quoted commas',
      'a,b\n"x, y",2',
      [
        ['a', 'b'],
        ['x, y', '2'],
      ],
    ],
    ['doubled quotes', '"say ""hi""",1', [['say "hi"', '1']]],
    ['line breaks in quotes', '"two\nlines",1\n', [['two\nlines', '1']]],
    [
      'CRLF endings',
      'a,b\r\n1,2\r\n',
      [
        ['a', 'b'],
        ['1', '2'],
      ],
    ],
    ['empty fields', ',\n', [['', '']]],
  ];
  for (const [name, text, rows] of cases) {
    it(`handles ${name}`, () => assert.deepEqual(parseCsv(text), rows));
  }

  it('picks the named columns and skips unlabelled rows', () => {
    const text = '\uFEFFid,Document,Topic\n1,printer jammed,Printing\n2,,Hardware\n3,no label,\n';
    assert.deepEqual(readLabelledCsv(text, 'Document', 'Topic'), [
      { text: 'printer jammed', label: 'Printing' },
    ]);
  });

  it('names a missing column and lists the ones there are', () => {
    assert.throws(
      () => readLabelledCsv('text,label\nx,y\n', 'Document', 'label'),
      (e) => isHelpdeskError(e, 'bad_request') && /"Document".*text, label/.test(e.message),
    );
  });
});
