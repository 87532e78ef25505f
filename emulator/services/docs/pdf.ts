/**
 * PDF from a Doc, as Drive's conversion gives it (`File.getAs('application/pdf')`): the emulator
 * writes the Doc's .docx (docx.ts) and converts it with LibreOffice headless
 * (`soffice --headless --convert-to pdf`), with fonts that carry Vietnamese glyphs and Times New
 * Roman's metrics (fonts-liberation2). The conversion is slow (seconds), so Drive renders a PDF
 * made in an execution after it (drive.ts renderPendingPdfs), the way the .docx files are written.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** The LibreOffice binary: SOFFICE in the environment, else `soffice` on the PATH. */
export function sofficePath(): string {
  return process.env.SOFFICE || 'soffice';
}

/** Converts .docx bytes to PDF bytes with LibreOffice headless, in a fresh profile (parallel runs never share one). */
export async function docxToPdf(docx: Buffer, timeoutMs = 240_000): Promise<Buffer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cchc-pdf-'));
  try {
    const input = path.join(dir, 'report.docx');
    fs.writeFileSync(input, docx);
    const profile = `file://${path.join(dir, 'profile').split(path.sep).join('/')}`;
    await new Promise<void>((resolve, reject) => {
      execFile(
        sofficePath(),
        ['--headless', '--norestore', `-env:UserInstallation=${profile}`, '--convert-to', 'pdf', '--outdir', dir, input],
        { timeout: timeoutMs, maxBuffer: 1 << 20 },
        (error, _stdout, stderr) => {
          if (error) reject(new Error(`LibreOffice could not convert the document to PDF (${error.message.split('\n')[0]}) ${String(stderr).trim()}`.trim()));
          else resolve();
        },
      );
    });
    const out = path.join(dir, 'report.pdf');
    if (!fs.existsSync(out)) throw new Error('LibreOffice wrote no PDF (is libreoffice-writer installed?)');
    return fs.readFileSync(out);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
