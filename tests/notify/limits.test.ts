import assert from 'node:assert/strict';
import { SlidingWindows, TEAMS_LIMITS, type RateLimits } from '../../src/notify/limits.js';

/** Sends as fast as the windows allow from t=0 and returns the instants they went at. */
function drive(limits: RateLimits, conversations: readonly string[], count: number, margin = 0) {
  const windows = new SlidingWindows(limits, margin);
  const times: number[] = [];
  let now = 0;
  for (let i = 0; i < count; i++) {
    const conversation = conversations[i % conversations.length];
    now += Math.max(0, windows.waitMs('t', conversation, now));
    windows.record('t', conversation, now);
    times.push(now);
  }
  return times;
}

describe('rate windows', () => {
  const cases = [
    {
      what: '7 go at once, the 8th waits out the 1 s window',
      n: 8,
      expect: [0, 0, 0, 0, 0, 0, 0, 1000],
    },
    { what: 'the 9th waits for the 2 s window', n: 9, expect: [0, 0, 0, 0, 0, 0, 0, 1000, 2000] },
  ];
  for (const { what, n, expect } of cases) {
    it(what, () => assert.deepEqual(drive(TEAMS_LIMITS, ['c'], n), expect));
  }

  it('lets at most 60 through in 30 s and 1,800 in an hour to one conversation', () => {
    const times = drive(TEAMS_LIMITS, ['c'], 1801);
    assert.ok(times[60] - times[0] >= 30_000);
    assert.ok(times[1800] - times[0] >= 3_600_000);
    for (let i = 0; i + 8 < times.length; i++) assert.ok(times[i + 8] - times[i] >= 2000);
  });

  it('holds a tenant to 50 a second across many conversations', () => {
    const conversations = Array.from({ length: 100 }, (_, i) => `c${i}`);
    const times = drive(TEAMS_LIMITS, conversations, 500);
    for (let i = 0; i + 50 < times.length; i++) assert.ok(times[i + 50] - times[i] >= 1000);
    // …and no slower: 500 sends take 9 s, the first 50 going at once.
    assert.equal(times[499], 9000);
  });

  it('widens each window by the margin', () => {
    assert.equal(drive(TEAMS_LIMITS, ['c'], 8, 100)[7], 1100);
  });

  it('stays quiet for the short windows after a start, not knowing what was sent before', () => {
    const windows = new SlidingWindows(TEAMS_LIMITS, 100, 5_000);
    assert.equal(windows.waitMs('t', 'c', 5_000), 2_100);
    assert.equal(windows.waitMs('t', 'c', 7_100), 0);
    assert.equal(
      new SlidingWindows({ conversation: [], tenant: [] }, 100, 5_000).waitMs('t', 'c', 5_000),
      0,
    );
  });

  it('keeps no limits when given none', () => {
    assert.deepEqual(drive({ conversation: [], tenant: [] }, ['c'], 100).at(-1), 0);
  });
});
