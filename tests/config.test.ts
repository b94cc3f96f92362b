import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ENV_VARIABLES, loadConfig } from '../src/config/index.js';

const root = path.join(__dirname, '..');
const read = (file: string) => fs.readFileSync(path.join(root, file), 'utf8');

describe('configuration', () => {
  for (const file of ['README.md', '.env.example']) {
    it(`lists every environment variable in ${file}`, () => {
      const text = read(file);
      const missing = ENV_VARIABLES.filter((name) => !text.includes(name));
      assert.deepEqual(missing, []);
    });
  }

  it('runs in local mode on SQLite with nothing set', () => {
    const config = loadConfig({});
    assert.equal(config.bot, undefined);
    assert.equal(config.store, 'sqlite');
    assert.equal(config.port, 3978);
  });

  const BAD: [string, Record<string, string>, RegExp][] = [
    ['a port out of range', { PORT: '70000' }, /PORT/],
    ['an unknown store', { HELPDESK_STORE: 'mongo' }, /HELPDESK_STORE/],
    ['cosmos without an endpoint', { HELPDESK_STORE: 'cosmos' }, /COSMOS_ENDPOINT/],
    ['an app id without its secret', { BOT_ID: 'abc' }, /BOT_PASSWORD/],
    ['a ticket prefix with spaces', { HELPDESK_TICKET_PREFIX: 'H D' }, /HELPDESK_TICKET_PREFIX/],
    ['a log level that does not exist', { LOG_LEVEL: 'loud' }, /LOG_LEVEL/],
  ];
  for (const [what, env, names] of BAD) {
    it(`stops start-up on ${what}, naming the variable`, () => {
      assert.throws(
        () => loadConfig(env),
        (error: Error & { code?: string }) => {
          assert.equal(error.code, 'invalid_config');
          assert.match(error.message, names);
          return true;
        },
      );
    });
  }
});
