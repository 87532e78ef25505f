/**
 * Inline images in DocumentApp, as Google's reference describes them: Body.appendImage and
 * insertImage (a new paragraph), Paragraph.appendInlineImage and insertInlineImage, InlineImage's
 * size in pixels, its blob; and the image in the .docx (word/media, at its size in the Doc) and
 * in the HTML preview (a data: URL).
 */
import { deflateSync } from 'node:zlib';
import JSZip from 'jszip';
import { Env } from '../../emulator/core/env';
import { createWorkbook } from '../../emulator/services/spreadsheet/model';
import { createDocumentApp, documentHtml, documentModel, imageInfo } from '../../emulator/services/docs/document';
import { createUtilities } from '../../emulator/services/utilities';
import { documentToDocx } from '../../emulator/services/docs/docx';

function setup() {
  const env = new Env(createWorkbook('x'), { now: '2024-03-08T09:00:00+07:00' });
  return { env, DocumentApp: createDocumentApp(env), Utilities: createUtilities(env) };
}

const CRC = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(b: Buffer): number {
  let c = 0xffffffff;
  for (const x of b) c = CRC[(c ^ x) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** A solid-colour PNG of w × h pixels, made here (not by the emulator). */
function png(w: number, h: number, rgb = [200, 30, 30]): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    out.write(type, 4, 'latin1');
    data.copy(out, 8);
    out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  const rows = Buffer.alloc((w * 3 + 1) * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) rows.set(rgb, y * (w * 3 + 1) + 1 + x * 3);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
}

const bytesOf = (blob: GoogleAppsScript.Base.Blob) => Buffer.from(Uint8Array.from(blob.getBytes(), (x) => x & 0xff));

describe('inline images', () => {
  test('Body.appendImage puts the image in a new paragraph at its pixel size; setWidth/setHeight resize it', () => {
    const { env, DocumentApp, Utilities } = setup();
    const doc = DocumentApp.create('Ảnh');
    const body = doc.getBody();
    const bytes = png(300, 120);
    const image = body.appendImage(Utilities.newBlob([...bytes], 'image/png', 'bieu-do.png'));
    expect(String(image.getType())).toBe('INLINE_IMAGE');
    expect([image.getWidth(), image.getHeight()]).toEqual([300, 120]);
    expect(body.getNumChildren()).toBe(2); // the new Doc's empty paragraph, then the image's
    expect(String(image.getParent().getType())).toBe('PARAGRAPH');
    expect(body.getChild(1).asParagraph().getChild(0).asInlineImage().getWidth()).toBe(300);
    expect(body.getImages()).toHaveLength(1);
    expect(body.getText()).toBe('\n');

    image.setWidth(450).setHeight(180);
    expect([image.getWidth(), image.getHeight()]).toEqual([450, 180]);
    expect(image.getAttributes()).toMatchObject({ WIDTH: 450, HEIGHT: 180 });
    const blob = image.getBlob();
    expect(blob.getContentType()).toBe('image/png');
    expect(bytesOf(blob).equals(bytes)).toBe(true);
    expect(env.calls.count('InlineImage.setWidth')).toBe(1);
    expect(env.calls.byService().DocumentApp).toBeGreaterThan(5);
  });

  test('Paragraph.appendInlineImage and insertInlineImage put it among the text; a copy can be appended again', () => {
    const { DocumentApp, Utilities } = setup();
    const body = DocumentApp.create('Ảnh').getBody();
    const p = body.appendParagraph('Biểu đồ: ');
    const blob = Utilities.newBlob([...png(10, 20)], 'image/png');
    const first = p.appendInlineImage(blob);
    p.insertInlineImage(0, Utilities.newBlob([...png(4, 4)]));
    expect(p.getNumChildren()).toBe(3);
    expect(String(p.getChild(0).getType())).toBe('INLINE_IMAGE');
    expect(String(p.getChild(2).getType())).toBe('INLINE_IMAGE');
    expect(p.getText()).toBe('Biểu đồ: ');
    const copy = body.appendImage(first.copy() as GoogleAppsScript.Document.InlineImage);
    expect([copy.getWidth(), copy.getHeight()]).toEqual([10, 20]);
    expect(body.getImages()).toHaveLength(3);
    expect(() => body.appendImage(first)).toThrow('Element must be detached.');
    first.removeFromParent();
    expect(p.getNumChildren()).toBe(2);
  });

  test('refuses what Docs refuses: bytes that are not a PNG, JPEG or GIF image', () => {
    const { DocumentApp, Utilities } = setup();
    const body = DocumentApp.create('Ảnh').getBody();
    expect(() => body.appendImage(Utilities.newBlob('không phải ảnh', 'image/png'))).toThrow(/PNG, JPEG or GIF/);
    expect(() => body.appendImage('ảnh' as unknown as GoogleAppsScript.Base.Blob)).toThrow('Invalid argument: blob');
    expect(body.getNumChildren()).toBe(1);
  });

  test('the size is read from PNG, GIF and JPEG headers', () => {
    const gif = Buffer.from([...Buffer.from('GIF89a', 'latin1'), 0x20, 0x01, 0x40, 0x00, 0, 0, 0]);
    // SOI, an APP0 segment of 16 bytes, then SOF0: length 17, precision 8, height 0x00F0, width 0x0140.
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, ...new Array(14).fill(0), 0xff, 0xc0, 0x00, 0x11, 0x08, 0x00, 0xf0, 0x01, 0x40, 3, 0, 0, 0]);
    expect(imageInfo(png(7, 9))).toEqual({ contentType: 'image/png', width: 7, height: 9 });
    expect(imageInfo(gif)).toEqual({ contentType: 'image/gif', width: 288, height: 64 });
    expect(imageInfo(jpeg)).toEqual({ contentType: 'image/jpeg', width: 320, height: 240 });
    expect(imageInfo(Buffer.from('%PDF-1.4'))).toBeNull();
  });

  test('the .docx carries the image in word/media at its size in the Doc; the preview shows it as a data: URL', async () => {
    const { env, DocumentApp, Utilities } = setup();
    const doc = DocumentApp.create('Ảnh');
    const bytes = png(400, 200);
    const image = doc.getBody().appendImage(Utilities.newBlob([...bytes], 'image/png'));
    image.setWidth(567).setHeight(284).setAltDescription('Biểu đồ "kết quả" <Quý I>');
    const model = documentModel(env, doc.getId())!;

    const zip = await JSZip.loadAsync(await documentToDocx(model));
    const media = Object.keys(zip.files).filter((f) => /^word\/media\/.+\.png$/.test(f));
    expect(media).toHaveLength(1);
    expect((await zip.file(media[0])!.async('nodebuffer')).equals(bytes)).toBe(true);
    const xml = await zip.file('word/document.xml')!.async('string');
    // 1 px = 9525 EMU (96 px to the inch): the picture is as large as the Doc shows it.
    expect(/<wp:extent cx="5400675" cy="2705100"\/>/.test(xml)).toBe(true);
    expect(await zip.file('word/_rels/document.xml.rels')!.async('string')).toContain(media[0].replace(/^word\//, ''));

    const html = documentHtml(env, doc.getId())!;
    expect(html).toContain(`src="data:image/png;base64,${bytes.toString('base64')}"`);
    expect(html).toContain('width:567px;height:284px');
    expect(html).toContain('alt="Biểu đồ &quot;kết quả&quot; &lt;Quý I&gt;"');
  });
});
