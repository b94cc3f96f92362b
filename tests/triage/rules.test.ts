import assert from 'node:assert/strict';
import { triage } from '../../src/triage/index.js';

interface Case {
  readonly text: string;
  readonly priority?: string;
  readonly category?: string;
  readonly tier?: string;
}

function check(cases: readonly Case[]): void {
  for (const c of cases) {
    it(`"${c.text}" → ${[c.priority, c.category, c.tier].filter(Boolean).join(' ')}`, () => {
      const result = triage(c.text);
      const got = { priority: result.priority, category: result.category, tier: result.tier };
      const want = {
        priority: c.priority ?? got.priority,
        category: c.category ?? got.category,
        tier: c.tier ?? got.tier,
      };
      assert.deepEqual(got, want, result.reasons.join(' | '));
    });
  }
}

describe('triage rules', () => {
  describe('the cases a dispatcher checks first', () => {
    check([
      { text: 'URGENT!!! my mouse is slow', priority: 'P4', category: 'hardware', tier: 'L1' },
      { text: 'the whole office lost internet', priority: 'P2', category: 'network', tier: 'L2' },
      { text: 'ransomware on my pc', priority: 'P1', category: 'security', tier: 'L3' },
      { text: 'can I get a new mouse', priority: 'P4', category: 'request', tier: 'L1' },
      { text: 'all our servers are down, nobody can work', priority: 'P1', tier: 'L3' },
    ]);
  });

  describe('scope: who is affected', () => {
    check([
      { text: 'email is down for the entire company', priority: 'P1' },
      { text: 'email is down for everyone in the sales team', priority: 'P2' },
      { text: 'nobody on the 2nd floor can print', priority: 'P2' },
      { text: 'my printer will not print', priority: 'P3' },
      { text: 'VPN is down', priority: 'P2' },
      { text: 'my vpn is down', priority: 'P3' },
      { text: 'is the wifi down for everyone or just me?', priority: 'P3' },
      { text: 'not working for anyone in the company, the intranet', priority: 'P1' },
    ]);
  });

  describe('negation and calm words', () => {
    check([
      { text: 'outlook keeps freezing, no one else is affected', priority: 'P4' },
      { text: 'monitor flickers, not urgent', priority: 'P4' },
      { text: 'not urgent but nobody in the office can print', priority: 'P3' },
      {
        text: 'got a phishing email, did not click anything',
        priority: 'P3',
        category: 'security',
      },
      { text: 'I clicked the link in that email', priority: 'P2', category: 'security' },
      { text: 'teams crashes on start, the web version works fine', priority: 'P4' },
      { text: 'wifi does not work sometimes', priority: 'P4' },
    ]);
  });

  describe('emphasis alone never raises priority', () => {
    check([
      { text: 'URGENT URGENT need a new keyboard!!!!', priority: 'P4' },
      { text: 'CRITICAL: my second monitor is a bit blurry', priority: 'P4' },
      { text: 'EMERGENCY!!! laptop fan is loud', priority: 'P4' },
      { text: 'HIGH PRIORITY - can I get a webcam', priority: 'P4' },
    ]);
  });

  describe('security incidents are P1 by default', () => {
    check([
      { text: 'there is a ransom note on the file server', priority: 'P1', category: 'security' },
      { text: 'my work laptop was stolen from the car', priority: 'P1', category: 'security' },
      { text: 'i think my account got hacked', priority: 'P1', category: 'security' },
      { text: 'getting MFA prompts i did not request', priority: 'P1', category: 'security' },
      { text: 'a virus is spreading to other machines', priority: 'P1', category: 'security' },
      { text: 'I typed my office password into a fake page', priority: 'P1', category: 'security' },
      { text: 'lost my work phone on the bus', priority: 'P2', category: 'security' },
      { text: 'it is not a virus, my printer is just slow', category: 'printing' },
    ]);
  });

  describe('short, misspelt chat text', () => {
    check([
      { text: 'pritner jammed', category: 'printing', priority: 'P3' },
      { text: 'pasword expired', category: 'access', tier: 'L1' },
      { text: 'netwrok down in the whole buidling', category: 'network', priority: 'P2' },
      { text: 'outlok wont open', category: 'email' },
      { text: 'no wifi', category: 'network', priority: 'P3' },
      { text: 'cant login', category: 'access', priority: 'P3' },
      { text: 'evryone lost internet', category: 'network', priority: 'P1' },
    ]);
  });

  describe('tiers follow category, priority and kind of work', () => {
    check([
      { text: 'please reset my password', tier: 'L1' },
      { text: 'can you install Visio please', category: 'software', tier: 'L1' },
      { text: 'printer out of toner', category: 'printing', tier: 'L1' },
      { text: 'need read access to the finance share', category: 'access', tier: 'L2' },
      { text: 'docking station does not detect my monitors', category: 'hardware', tier: 'L2' },
      { text: 'SAP gives an error code when I post', category: 'software', tier: 'L2' },
      { text: 'please add a firewall rule for the vendor', category: 'infrastructure', tier: 'L3' },
    ]);
  });
});

describe('triage output', () => {
  it('quotes the reporter in the reasons', () => {
    const result = triage('The WHOLE office lost internet');
    assert.ok(
      result.reasons.includes("several people affected: 'WHOLE office'"),
      String(result.reasons),
    );
    assert.ok(result.reasons.some((r) => r.startsWith('work stopped:')));
  });

  it('names the security rule that set the priority', () => {
    const result = triage('ransom note on every screen, files encrypted');
    assert.equal(result.reasons[0], "security: 'ransom note'");
  });

  it('says when emphasis was ignored', () => {
    const result = triage('URGENT!!! my mouse is slow');
    assert.ok(result.reasons.includes("emphasis not counted: 'URGENT!!!'"), String(result.reasons));
  });

  it('is deterministic', () => {
    const text = 'vpn keeps dropping for the whole team';
    assert.deepEqual(triage(text), triage(text));
  });

  it('copes with empty and odd input', () => {
    for (const text of ['', '   ', '!!!', '🙂', 'x'.repeat(5000)]) {
      const result = triage(text);
      assert.ok(result.title.length > 0 && result.title.length <= 80);
      assert.ok(['P1', 'P2', 'P3', 'P4'].includes(result.priority));
    }
  });
});
