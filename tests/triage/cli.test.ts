import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { helpdesk, jsonLines } from './cli-run.js';
import { readLabelledSet } from './labelled-set.js';

const TICKETS_CSV = path.join(__dirname, '..', 'fixtures', 'triage-tickets.csv');
const CSV_ARGS = ['--csv', TICKETS_CSV, '--text-column', 'text', '--label-column', 'category'];

describe('helpdesk triage (the command line)', function () {
  this.timeout(60_000);
  let dir: string;
  before(() => (dir = mkdtempSync(path.join(tmpdir(), 'triage-cli-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('writes one JSON line per input line, in order, with exactly the contract fields', async () => {
    const texts = ['ransomware on the file server', 'can I get a new mouse', 'VPN is down'];
    const ran = await helpdesk(['triage'], jsonLines(texts));
    assert.equal(ran.code, 0, ran.stderr);
    const out = ran.lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.deepEqual(
      out.map(Object.keys),
      texts.map(() => ['priority', 'category', 'tier', 'reasons']),
    );
    assert.deepEqual(
      out.map((o) => [o.priority, o.category, o.tier]),
      [
        ['P1', 'security', 'L3'],
        ['P4', 'request', 'L1'],
        ['P2', 'network', 'L2'],
      ],
    );
  });

  it('answers a bad line with an error line in its place, goes on, and exits 2', async () => {
    const stdin = '{"text":"printer jammed"}\nnot json\n\n{"txt":"x"}\n{"text":"no wifi"}\n';
    const ran = await helpdesk(['triage'], stdin);
    assert.equal(ran.code, 2);
    assert.equal(ran.lines.length, 4);
    assert.deepEqual(JSON.parse(ran.lines[1]!), { error: 'line 2: not valid JSON' });
    assert.match(
      JSON.parse(ran.lines[2]!).error,
      /^line 4: expected an object with a string "text"/,
    );
    assert.equal(JSON.parse(ran.lines[3]!).category, 'network');
    assert.equal(ran.stderr.trim().split('\n').length, 1);
  });

  it('stops with one line naming the problem on a bad command or option', async () => {
    const cases: readonly [string[], RegExp][] = [
      [['nonsense'], /unknown command "nonsense"/],
      [['triage', '--frobnicate'], /Unknown option '--frobnicate'/],
      [['triage', 'train', '--text-column', 'a'], /--csv is required/],
      [['triage', 'train', ...CSV_ARGS.slice(0, 4), '--label-column', 'nope'], /no column "nope"/],
      [['triage', '--model', path.join('no', 'such', 'model.json')], /No model file at/],
    ];
    for (const [args, message] of cases) {
      const ran = await helpdesk(args, '');
      assert.notEqual(ran.code, 0, args.join(' '));
      assert.match(ran.stderr, message);
      assert.equal(ran.stderr.trim().split('\n').length, 1, ran.stderr);
    }
  });

  it('trains a model to a file that triage then uses', async () => {
    const csv = path.join(dir, 'own-words.csv');
    const rows = ['text,label'];
    for (let i = 0; i < 5; i++)
      rows.push(`kronos clock-in broken ${i},software`, `toner low ${i},printing`);
    writeFileSync(csv, rows.join('\n'));
    const model = path.join(dir, 'model.json');
    const trained = await helpdesk([
      'triage',
      'train',
      '--csv',
      csv,
      '--text-column',
      'text',
      '--label-column',
      'label',
      '--out',
      model,
    ]);
    assert.equal(trained.code, 0, trained.stderr);
    assert.match(
      trained.lines[0]!,
      /^trained on 10 examples, 2 labels, \d+ features in \d+ ms; saved to /,
    );
    assert.ok(JSON.parse(readFileSync(model, 'utf8')).weights);

    const stdin = jsonLines(['kronos is playing up']);
    const without = JSON.parse((await helpdesk(['triage'], stdin)).lines[0]!);
    const withModel = JSON.parse((await helpdesk(['triage', '--model', model], stdin)).lines[0]!);
    assert.equal(without.category, 'request');
    assert.equal(withModel.category, 'software');
  });

  it('prints accuracy, per-class precision and recall and a confusion matrix', async () => {
    const ran = await helpdesk(['triage', 'eval', ...CSV_ARGS]);
    assert.equal(ran.code, 0, ran.stderr);
    const [engine, examples, accuracy, macro, blank, header, ...rest] = ran.lines.length
      ? ran.stdout.split('\n')
      : [];
    assert.match(engine!, /^engine: model; held out \d+; trained on \d+ examples in \d+ ms$/);
    assert.match(examples!, /^examples: \d+$/);
    assert.ok(Number(accuracy!.split(': ')[1]) > 0.8, accuracy);
    assert.match(macro!, /^macro F1: 0\.\d{3}$/);
    assert.equal(blank, '');
    assert.match(header!, /^class\s+precision\s+recall\s+f1\s+support$/);
    const classes = rest.slice(0, 9);
    for (const line of classes)
      assert.match(line, /^[a-z]+\s+[01]\.\d{3}\s+[01]\.\d{3}\s+[01]\.\d{3}\s+\d+$/);
    const matrixAt = rest.indexOf(
      'confusion matrix (rows: true label, columns: predicted, in the order above)',
    );
    const matrix = rest.slice(matrixAt + 1).filter((l) => l !== '');
    assert.equal(matrix.length, 9);
    for (const row of matrix) assert.equal(row.trim().split(/\s+/).length, 10, row);
  });

  it('evaluates a saved model on a held-out file, as JSON when asked', async () => {
    const model = path.join(dir, 'tickets-model.json');
    await helpdesk(['triage', 'train', ...CSV_ARGS, '--out', model]);
    const ran = await helpdesk(['triage', 'eval', ...CSV_ARGS, '--model', model, '--json']);
    assert.equal(ran.code, 0, ran.stderr);
    const report = JSON.parse(ran.lines[0]!);
    assert.equal(report.engine, 'model');
    assert.equal(report.total, 3060);
    assert.equal(report.confusion.length, report.labels.length);
  });

  it('scores the rules alone against the hand-labelled reports', async () => {
    const csv = path.join(dir, 'labelled.csv');
    const rows = readLabelledSet('triage-reports.jsonl').map(
      (r) => `"${r.text.replace(/"/g, '""')}",${r.category}`,
    );
    writeFileSync(csv, ['text,category', ...rows].join('\n'));
    const ran = await helpdesk([
      'triage',
      'eval',
      '--engine',
      'rules',
      '--csv',
      csv,
      '--text-column',
      'text',
      '--label-column',
      'category',
    ]);
    assert.equal(ran.code, 0, ran.stderr);
    assert.ok(Number(/accuracy: ([\d.]+)/.exec(ran.stdout)?.[1]) >= 0.95, ran.stdout);
  });
});
