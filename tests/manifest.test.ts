import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { AppManifestUtils, type TeamsManifest } from '@microsoft/app-manifest';

const ROOT = join(__dirname, '..');
const MANIFEST_DIR = join(ROOT, 'manifest');
const PLACEHOLDER = /\$\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/** Values a real provision would write, shaped like the real ones. */
const SAMPLE_VALUES: Readonly<Record<string, string>> = {
  TEAMS_APP_ID: '0f6a3b2c-4d5e-4f60-8a1b-2c3d4e5f6a7b',
  BOT_ID: '9b8c7d6e-5f4a-4b3c-9d2e-1f0a9b8c7d6e',
  APP_NAME_SUFFIX: '-dev',
  BOT_DOMAIN: 'helpdesk-dev-a1b2c3.azurewebsites.net',
};

interface ManifestJson {
  $schema: string;
  manifestVersion: string;
  icons: { color: string; outline: string };
  bots: Array<{
    scopes: string[];
    configuration?: { team?: { fetchTask?: boolean } };
    commandLists?: Array<{ scopes: string[]; commands: Array<{ title: string }> }>;
  }>;
  activities?: { activityTypes: Array<{ type: string; templateText: string }> };
}

function readText(...path: string[]): string {
  return readFileSync(join(ROOT, ...path), 'utf8');
}

function placeholdersIn(text: string): string[] {
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1]))];
}

function fillPlaceholders(text: string, values: Readonly<Record<string, string>>): string {
  return text.replace(PLACEHOLDER, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`The test has no sample value for \${{${name}}}.`);
    return value;
  });
}

function commandTitles(manifest: ManifestJson, scope: string): string[] {
  const lists = manifest.bots[0].commandLists ?? [];
  return lists
    .filter((l) => l.scopes.includes(scope))
    .flatMap((l) => l.commands.map((c) => c.title));
}

describe('Teams app manifest', () => {
  let manifest: ManifestJson;

  before(() => {
    const raw = readText('manifest', 'manifest.json');
    manifest = JSON.parse(fillPlaceholders(raw, SAMPLE_VALUES)) as ManifestJson;
  });

  it('conforms to the official JSON schema of its manifest version, checked offline', async () => {
    // validateAgainstSchema downloads any schema it has no local copy of; fail before that.
    const url = new URL(manifest.$schema);
    const schemaPath = url.pathname.replace(/^\/[a-z]{2}(-[a-z]{2})?\//i, '/');
    assert.match(schemaPath, /^\/json-schemas\/teams\/v[\d.]+\/MicrosoftTeams\.schema\.json$/);
    assert.equal(schemaPath.split('/')[3], `v${manifest.manifestVersion}`);
    const packageDir = dirname(require.resolve('@microsoft/app-manifest/package.json'));
    const localCopy = join(packageDir, 'build', schemaPath);
    assert.ok(existsSync(localCopy), `@microsoft/app-manifest ships no ${schemaPath}`);

    const errors = await AppManifestUtils.validateAgainstSchema(
      manifest as unknown as TeamsManifest,
    );
    assert.deepEqual(errors, []);
  });

  it('offers help and my tickets in personal chat', () => {
    const titles = commandTitles(manifest, 'personal');
    assert.ok(titles.includes('help'), 'personal scope lacks "help"');
    assert.ok(titles.includes('my tickets'), 'personal scope lacks "my tickets"');
  });

  it('offers the technician commands in a team', () => {
    const titles = commandTitles(manifest, 'team');
    for (const command of ['help', 'queue', 'my queue', 'unassigned', 'oncall']) {
      assert.ok(titles.includes(command), `team scope lacks "${command}"`);
    }
  });

  it('lets team owners configure the bot through config/fetch and config/submit', () => {
    assert.equal(manifest.bots[0].configuration?.team?.fetchTask, true);
  });

  it('declares every activity feed type the bot sends, each with template text', () => {
    const types = manifest.activities?.activityTypes ?? [];
    const expected = [
      'ticketAssigned',
      'ticketEscalated',
      'requesterReplied',
      'slaWarning',
      'onCallPage',
    ];
    assert.deepEqual(types.map((t) => t.type).sort(), [...expected].sort());
    for (const t of types) assert.match(t.templateText, /\{ticketId\}/, t.type);
  });
});

// ---- icons ------------------------------------------------------------------------------

interface Png {
  width: number;
  height: number;
  channels: number;
  pixels: Buffer;
}

const CHANNELS_BY_COLOUR_TYPE: Readonly<Record<number, number>> = { 0: 1, 2: 3, 4: 2, 6: 4 };

/** Reads an 8-bit, non-interlaced, non-palette PNG: enough to inspect app icons. */
function readPng(path: string): Png {
  const data = readFileSync(path);
  assert.equal(data.subarray(0, 8).toString('hex'), '89504e470d0a1a0a', `${path} is not a PNG`);
  assert.equal(data.toString('latin1', 12, 16), 'IHDR', `${path} does not start with IHDR`);
  const width = data.readUInt32BE(16);
  const height = data.readUInt32BE(20);
  const [bitDepth, colourType, , , interlace] = data.subarray(24, 29);
  const channels = CHANNELS_BY_COLOUR_TYPE[colourType];
  assert.ok(bitDepth === 8 && channels && interlace === 0, `${path}: save it as 8-bit RGBA`);

  const idat: Buffer[] = [];
  for (let at = 8; at < data.length;) {
    const length = data.readUInt32BE(at);
    if (data.toString('latin1', at + 4, at + 8) === 'IDAT') {
      idat.push(data.subarray(at + 8, at + 8 + length));
    }
    at += length + 12;
  }
  return {
    width,
    height,
    channels,
    pixels: unfilter(inflateSync(Buffer.concat(idat)), width, height, channels),
  };
}

/** Undoes the per-row PNG filters (None, Sub, Up, Average, Paeth). */
function unfilter(raw: Buffer, width: number, height: number, bpp: number): Buffer {
  const stride = width * bpp;
  const out = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let x = 0; x < stride; x++) {
      const left = x >= bpp ? out[y * stride + x - bpp] : 0;
      const up = y > 0 ? out[(y - 1) * stride + x] : 0;
      const upLeft = x >= bpp && y > 0 ? out[(y - 1) * stride + x - bpp] : 0;
      const predictor = [0, left, up, (left + up) >> 1, paeth(left, up, upLeft)][filter];
      assert.ok(predictor !== undefined, `unknown PNG filter ${filter}`);
      out[y * stride + x] = (line[x] + predictor) & 0xff;
    }
  }
  return out;
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const [pa, pb, pc] = [Math.abs(p - a), Math.abs(p - b), Math.abs(p - c)];
  if (pa <= pb && pa <= pc) return a;
  return pb <= pc ? b : c;
}

describe('app icons', () => {
  const { icons } = JSON.parse(readText('manifest', 'manifest.json')) as ManifestJson;

  it('has a 192x192 full-colour icon', () => {
    const png = readPng(join(MANIFEST_DIR, icons.color));
    assert.deepEqual([png.width, png.height], [192, 192]);
    assert.ok(png.channels >= 3, 'the colour icon should not be greyscale');
  });

  it('has a 32x32 outline icon', () => {
    const png = readPng(join(MANIFEST_DIR, icons.outline));
    assert.deepEqual([png.width, png.height], [32, 32]);
  });

  it('draws the outline icon only in white on transparent', () => {
    const png = readPng(join(MANIFEST_DIR, icons.outline));
    assert.ok(png.channels === 2 || png.channels === 4, 'the outline icon needs an alpha channel');
    let visible = 0;
    for (let i = 0; i < png.pixels.length; i += png.channels) {
      const alpha = png.pixels[i + png.channels - 1];
      if (alpha === 0) continue;
      visible++;
      const colour = [...png.pixels.subarray(i, i + png.channels - 1)];
      assert.ok(
        colour.every((c) => c === 255),
        `pixel ${i / png.channels} is not white`,
      );
    }
    assert.ok(visible > 0, 'the outline icon is empty');
  });
});

// ---- deployment variables ---------------------------------------------------------------

/** A step of teamsapp.yml: which action it uses and the variables it writes. */
interface LifecycleStep {
  uses: string;
  writes: string[];
}

/**
 * Reads the steps of one lifecycle stage of teamsapp.yml. A line scan, not a YAML parser:
 * teamsapp.yml is ours and keeps the toolkit's layout (`  - uses:` steps, two-space indent).
 */
function lifecycleSteps(yaml: string, stage: string): LifecycleStep[] {
  const steps: LifecycleStep[] = [];
  let inStage = false;
  let inWrites = false;
  for (const line of yaml.split('\n')) {
    if (/^\S/.test(line) && !line.startsWith('#')) inStage = line.startsWith(`${stage}:`);
    if (!inStage) continue;
    const step = /^ {2}- uses: (\S+)/.exec(line);
    if (step) {
      steps.push({ uses: step[1], writes: [] });
      inWrites = false;
    } else if (/^ {4}writeToEnvironmentFile:/.test(line)) {
      inWrites = true;
    } else if (/^ {4}\S/.test(line)) {
      inWrites = false;
    } else if (inWrites) {
      const written = /^ {6}\w+: ([A-Z][A-Z0-9_]*)\s*$/.exec(line);
      if (written) steps[steps.length - 1].writes.push(written[1]);
    }
  }
  return steps;
}

/** Names arm/deploy writes back: the template's outputs (already upper snake case here). */
function bicepOutputs(): string[] {
  return [...readText('infra', 'azure.bicep').matchAll(/^output (\w+) /gm)].map((m) => m[1]);
}

function written(steps: LifecycleStep[]): string[] {
  return steps.flatMap((s) => (s.uses === 'arm/deploy' ? bicepOutputs() : s.writes));
}

function readEnvFile(name: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const line of readText('env', name).split('\n')) {
    const pair = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    if (pair) values.set(pair[1], pair[2].replace(/^(['"])(.*)\1$/, '$2'));
  }
  return values;
}

/** Variables an env file sets. The toolkit keeps an empty placeholder unfilled, except this one. */
function setBy(env: Map<string, string>): string[] {
  return [...env].filter(([k, v]) => v !== '' || k === 'APP_NAME_SUFFIX').map(([k]) => k);
}

describe('deployment variables', () => {
  const provision = lifecycleSteps(readText('teamsapp.yml'), 'provision');
  const envFiles = readdirSync(join(ROOT, 'env')).filter((f) => /^\.env\.[\w-]+$/.test(f));

  it('reads the provision steps of teamsapp.yml', () => {
    assert.deepEqual(
      ['teamsApp/create', 'botAadApp/create', 'arm/deploy', 'teamsApp/zipAppPackage'].filter(
        (uses) => !provision.some((s) => s.uses === uses),
      ),
      [],
    );
    assert.ok(envFiles.length > 0, 'no env/.env.<name> file');
  });

  it('fills every manifest placeholder from the env files or the provision steps', () => {
    const used = placeholdersIn(readText('manifest', 'manifest.json'));
    const zipStep = provision.findIndex((s) => s.uses === 'teamsApp/zipAppPackage');
    const fromSteps = written(provision.slice(0, zipStep));
    for (const file of envFiles) {
      const known = new Set([...setBy(readEnvFile(file)), ...fromSteps]);
      assert.deepEqual(
        used.filter((name) => !known.has(name)),
        [],
        `left unfilled in ${file}`,
      );
    }
  });

  it('fills every Bicep parameter placeholder before arm/deploy runs', () => {
    const used = placeholdersIn(readText('infra', 'azure.parameters.json'));
    const armStep = provision.findIndex((s) => s.uses === 'arm/deploy');
    const fromSteps = written(provision.slice(0, armStep));
    for (const file of envFiles) {
      const known = new Set([...setBy(readEnvFile(file)), ...fromSteps]);
      assert.deepEqual(
        used.filter((name) => !known.has(name)),
        [],
        `left unfilled in ${file}`,
      );
    }
  });
});
