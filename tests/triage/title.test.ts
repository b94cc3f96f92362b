import assert from 'node:assert/strict';
import { triage } from '../../src/triage/index.js';

describe('ticket titles', () => {
  const cases: readonly [string, string][] = [
    ['printer jammed. tried everything', 'Printer jammed'],
    ['hi team, my laptop will not boot! help', 'My laptop will not boot'],
    ['Hello,\n\nVPN is down again\nsince 9am', 'VPN is down again since 9am'],
    ['', 'Help request'],
    ['hi', 'Hi'],
    ['?!', '?!'],
    ['v1.2 of the app crashes', 'V1.2 of the app crashes'],
  ];
  for (const [text, title] of cases) {
    it(`titles ${JSON.stringify(text)} as ${JSON.stringify(title)}`, () => {
      assert.equal(triage(text).title, title);
    });
  }

  it('cuts a long first sentence at a word, within 80 characters', () => {
    const text =
      'the shared drive that the finance people use for month end reporting is ' +
      'offline again and nobody can open the workbooks';
    const title = triage(text).title;
    assert.ok(title.length <= 80, title);
    assert.ok(title.endsWith('…'));
    assert.ok(text.slice(1).startsWith(title.slice(1, -1)), title);
  });
});
