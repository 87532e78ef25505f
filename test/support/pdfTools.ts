/**
 * Whether LibreOffice (soffice) and poppler-utils (pdftotext, pdfinfo) are on this machine, for
 * the tests that render documents to PDF. In CI (.ci/run installs them) a missing tool is a
 * failure, never a skip: importing this module throws there.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const HAS_PDF_TOOLS = ['soffice', 'pdftotext', 'pdfinfo'].every((tool) => {
  try {
    execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
});

if (!HAS_PDF_TOOLS && process.env.CI) throw new Error('LibreOffice (soffice) and poppler-utils (pdftotext, pdfinfo) are needed: .ci/run installs them (libreoffice-writer-nogui fonts-liberation2 poppler-utils).');

/** The text of each page of a PDF (pdftotext -layout, one string per page). */
export function pdfPages(pdf: Buffer): string[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cchc-pdf-pages-'));
  try {
    const file = path.join(dir, 'r.pdf');
    fs.writeFileSync(file, pdf);
    return execFileSync('pdftotext', ['-enc', 'UTF-8', '-layout', file, '-'], { encoding: 'utf8' }).split('\f').filter((p) => p.trim());
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
