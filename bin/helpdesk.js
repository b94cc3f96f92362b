#!/usr/bin/env node
'use strict';
// The `helpdesk` command. Runs the compiled CLI when `npm run build` has produced it, and the
// TypeScript sources through tsx otherwise (a development checkout). Both of tsx's hooks are
// registered, as `node --import tsx` would: the CLI loads some modules on demand with import().
const fs = require('node:fs');
const path = require('node:path');

const compiled = path.join(__dirname, '..', 'dist', 'src', 'cli', 'main.js');

async function start() {
  if (fs.existsSync(compiled)) return require(compiled).main();
  // The ESM build of this API: the CommonJS one cannot find its own hooks in tsx 4.
  const esm = await import('tsx/esm/api');
  esm.register();
  require('tsx/cjs/api').register();
  return require('../src/cli/main.ts').main();
}

start().catch((error) => {
  process.stderr.write(
    `helpdesk: cannot start: ${error instanceof Error ? error.message : error}\n`,
  );
  process.exitCode = 1;
});
