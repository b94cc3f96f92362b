/**
 * Draws the Teams app icons into manifest/: a 192x192 full-colour icon and a 32x32
 * white-on-transparent outline icon, both showing a headset.
 *
 * Pure Node on purpose (zlib for DEFLATE, a hand-written CRC-32) so the icons can be
 * redrawn anywhere without an image library. Run once and commit the output:
 *   npx tsx scripts/make-icons.ts
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';

type Rgb = readonly [number, number, number];

/** A shape measured in unit space (0..1 on both axes, y pointing down). */
type Shape = (x: number, y: number) => boolean;

/** Stroke widths differ per size: at 32 px a thin boom would vanish. */
interface GlyphWeights {
  band: number;
  boom: number;
  cupWidth: number;
}

const ACCENT: Rgb = [0x23, 0x5a, 0xa6];
const WHITE: Rgb = [0xff, 0xff, 0xff];
const SUPERSAMPLES = 4;

// ---- geometry -------------------------------------------------------------------------

function roundedRect(cx: number, cy: number, w: number, h: number, r: number): Shape {
  return (x, y) => {
    const dx = Math.max(Math.abs(x - cx) - (w / 2 - r), 0);
    const dy = Math.max(Math.abs(y - cy) - (h / 2 - r), 0);
    return dx * dx + dy * dy <= r * r;
  };
}

/** A ring segment between two angles (radians, measured with y pointing down). */
function arc(
  cx: number,
  cy: number,
  radius: number,
  half: number,
  from: number,
  to: number,
): Shape {
  return (x, y) => {
    const d = Math.hypot(x - cx, y - cy);
    if (Math.abs(d - radius) > half) return false;
    const angle = Math.atan2(y - cy, x - cx);
    return angle >= from && angle <= to;
  };
}

/** A headset: headband, two ear cups, a microphone boom and its capsule. */
function headset(weights: GlyphWeights): Shape {
  const parts: Shape[] = [
    arc(0.5, 0.52, 0.3, weights.band, -Math.PI, 0),
    roundedRect(0.21, 0.6, weights.cupWidth, 0.26, 0.06),
    roundedRect(0.79, 0.6, weights.cupWidth, 0.26, 0.06),
    arc(0.56, 0.6, 0.24, weights.boom, Math.PI / 6, Math.PI / 2),
    roundedRect(0.52, 0.84, 0.14, 0.09, 0.045),
  ];
  return (x, y) => parts.some((part) => part(x, y));
}

/** Fraction of a pixel covered by the shape, from a regular grid of samples. */
function coverage(shape: Shape, px: number, py: number, size: number): number {
  let hits = 0;
  for (let sy = 0; sy < SUPERSAMPLES; sy++) {
    for (let sx = 0; sx < SUPERSAMPLES; sx++) {
      const x = (px + (sx + 0.5) / SUPERSAMPLES) / size;
      const y = (py + (sy + 0.5) / SUPERSAMPLES) / size;
      if (shape(x, y)) hits++;
    }
  }
  return hits / (SUPERSAMPLES * SUPERSAMPLES);
}

/** Scales a unit-space shape about the centre so it fills `fraction` of the canvas. */
function inset(shape: Shape, fraction: number): Shape {
  return (x, y) => shape((x - 0.5) / fraction + 0.5, (y - 0.5) / fraction + 0.5);
}

// ---- rasterising ----------------------------------------------------------------------

/** Full-colour icon: white glyph on an accent square (Teams rounds the corners itself). */
function drawColor(size: number): Buffer {
  const glyph = inset(headset({ band: 0.045, boom: 0.03, cupWidth: 0.16 }), 0.66);
  const rgba = Buffer.alloc(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const a = coverage(glyph, px, py, size);
      const o = (py * size + px) * 4;
      for (let c = 0; c < 3; c++) rgba[o + c] = Math.round(ACCENT[c] * (1 - a) + WHITE[c] * a);
      rgba[o + 3] = 255;
    }
  }
  return rgba;
}

/** Outline icon: pure white where the glyph is, alpha carries the anti-aliasing. */
function drawOutline(size: number): Buffer {
  const glyph = inset(headset({ band: 0.035, boom: 0.035, cupWidth: 0.2 }), 0.95);
  const rgba = Buffer.alloc(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const alpha = Math.round(coverage(glyph, px, py, size) * 255);
      const o = (py * size + px) * 4;
      // Fully transparent pixels stay 0,0,0,0; any visible pixel is exactly white.
      if (alpha > 0) rgba.set([...WHITE, alpha], o);
    }
  }
  return rgba;
}

// ---- PNG encoding ---------------------------------------------------------------------

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** Encodes 8-bit RGBA pixels as a PNG with filter type 0 on every row. */
function encodePng(size: number, rgba: Buffer): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8); // bit depth 8, colour type RGBA, deflate, no filter, no interlace

  const stride = size * 4;
  const raw = Buffer.alloc((stride + 1) * size);
  for (let y = 0; y < size; y++) rgba.copy(raw, y * (stride + 1) + 1, y * stride, (y + 1) * stride);

  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const outDir = join(__dirname, '..', 'manifest');
writeFileSync(join(outDir, 'color.png'), encodePng(192, drawColor(192)));
writeFileSync(join(outDir, 'outline.png'), encodePng(32, drawOutline(32)));
console.log(`Wrote color.png (192x192) and outline.png (32x32) to ${outDir}`);
