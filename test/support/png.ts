/**
 * PNG images read back in tests: an independent decoder (8-bit RGB, any filter type), and a
 * search for a text in an image drawn by the emulator's chart renderer.
 */
import { inflateSync } from 'node:zlib';
import { textMask } from '../../emulator/services/spreadsheet/charts';

export interface Picture {
  width: number;
  height: number;
  pixel: (x: number, y: number) => string;
  /** Pixels of that colour. */
  count: (hex: string) => number;
  /** The longest horizontal run of that colour's pixels in one row. */
  longestRow: (hex: string) => number;
  /** RGB bytes, row by row. */
  px: Uint8Array;
}

/** A PNG read back: its size and its RGB pixels (8-bit RGB, any filter type). */
export function decodePng(bytes: Uint8Array): Picture {
  const b = Buffer.from(bytes);
  expect([...b.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  let at = 8;
  let width = 0;
  let height = 0;
  const idat: Buffer[] = [];
  while (at < b.length) {
    const len = b.readUInt32BE(at);
    const type = b.toString('latin1', at + 4, at + 8);
    const data = b.subarray(at + 8, at + 8 + len);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      expect([data[8], data[9]]).toEqual([8, 2]); // 8-bit RGB
    }
    if (type === 'IDAT') idat.push(Buffer.from(data));
    at += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * 3;
  const px = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    for (let i = 0; i < stride; i++) {
      const x = raw[y * (stride + 1) + 1 + i];
      const left = i >= 3 ? px[y * stride + i - 3] : 0;
      const up = y > 0 ? px[(y - 1) * stride + i] : 0;
      const ul = y > 0 && i >= 3 ? px[(y - 1) * stride + i - 3] : 0;
      let pred = 0;
      if (filter === 1) pred = left;
      else if (filter === 2) pred = up;
      else if (filter === 3) pred = (left + up) >> 1;
      else if (filter === 4) {
        const p = left + up - ul;
        pred = Math.abs(p - left) <= Math.abs(p - up) && Math.abs(p - left) <= Math.abs(p - ul) ? left : Math.abs(p - up) <= Math.abs(p - ul) ? up : ul;
      }
      px[y * stride + i] = (x + pred) & 0xff;
    }
  }
  const pixel = (x: number, y: number) => `#${px.subarray((y * width + x) * 3, (y * width + x) * 3 + 3).toString('hex')}`;
  const rgb = (hex: string) => [1, 3, 5].map((k) => parseInt(hex.slice(k, k + 2), 16));
  const is = (i: number, [r, g, bl]: number[]) => px[i] === r && px[i + 1] === g && px[i + 2] === bl;
  const count = (hex: string) => {
    const c = rgb(hex);
    let n = 0;
    for (let i = 0; i < px.length; i += 3) if (is(i, c)) n++;
    return n;
  };
  const longestRow = (hex: string) => {
    const c = rgb(hex);
    let best = 0;
    for (let y = 0; y < height; y++) {
      let n = 0;
      for (let x = 0; x < width; x++) if (is((y * width + x) * 3, c)) n++;
      best = Math.max(best, n);
    }
    return best;
  };
  return { width, height, pixel, count, longestRow, px: new Uint8Array(px) };
}

/**
 * Where `text` is written in the picture: the same renderer draws the text alone (at `size`, or
 * at each size from 10 to 28 px), and the places whose pixels are that drawing in `hex` over the
 * white background are returned (x, y of the text's top-left corner; ±2 per channel): every
 * pixel of the drawing's box, inked or blank, so "Hoi nghi" is not found inside "Hội nghị".
 * `y`: look only at that top row; `rows`: only for tops in that range.
 */
export function findText(pic: Picture, text: string, hex: string, opts: { bold?: boolean; size?: number; y?: number; rows?: [number, number] } = {}): { x: number; y: number; size: number; width: number }[] {
  const colour = [1, 3, 5].map((k) => parseInt(hex.slice(k, k + 2), 16));
  const found: { x: number; y: number; size: number; width: number }[] = [];
  const sizes = opts.size ? [opts.size] : Array.from({ length: 19 }, (_, i) => 10 + i);
  for (const size of sizes) {
    const m = textMask(text, size, opts.bold);
    // The box's pixels (offset in the picture, wanted RGB), the darkest first: most places fail at once.
    const order = Array.from(m.alpha, (_, i) => i);
    if (!m.alpha.some((a) => a > 0)) continue;
    order.sort((p, q) => m.alpha[q] - m.alpha[p]);
    const off = Int32Array.from(order, (i) => (Math.floor(i / m.width) * pic.width + (i % m.width)) * 3);
    const want = new Uint8Array(order.length * 3);
    order.forEach((i, n) => colour.forEach((c, ch) => (want[n * 3 + ch] = Math.round((255 * (255 - m.alpha[i]) + c * m.alpha[i]) / 255))));
    const px = pic.px;
    const [first, last] = opts.y !== undefined ? [opts.y, opts.y] : opts.rows ?? [0, pic.height];
    const count = off.length;
    const [o0, r0, g0, b0] = [off[0], want[0], want[1], want[2]];
    for (let y = first; y <= last && y + m.height <= pic.height; y++)
      for (let x = 0; x + m.width <= pic.width; x++) {
        const base = (y * pic.width + x) * 3;
        const i0 = base + o0;
        const d0 = px[i0] - r0;
        if (d0 > 2 || d0 < -2 || px[i0 + 1] - g0 > 2 || g0 - px[i0 + 1] > 2 || px[i0 + 2] - b0 > 2 || b0 - px[i0 + 2] > 2) continue;
        let n = 1;
        for (; n < count; n++) {
          const i = base + off[n];
          const d = px[i] - want[n * 3];
          if (d > 2 || d < -2 || Math.abs(px[i + 1] - want[n * 3 + 1]) > 2 || Math.abs(px[i + 2] - want[n * 3 + 2]) > 2) break;
        }
        if (n === count) found.push({ x, y, size, width: m.width });
      }
  }
  return found;
}
