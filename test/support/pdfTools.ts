/**
 * Whether LibreOffice (soffice) and poppler-utils (pdftotext, pdfinfo) are on this machine, for
 * the tests that render documents to PDF. In CI (.ci/run installs them) a missing tool is a
 * failure, never a skip: importing this module throws there.
 */
import { execFileSync } from 'node:child_process';

export const HAS_PDF_TOOLS = ['soffice', 'pdftotext', 'pdfinfo'].every((tool) => {
  try {
    execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
});

if (!HAS_PDF_TOOLS && process.env.CI) throw new Error('LibreOffice (soffice) and poppler-utils (pdftotext, pdfinfo) are needed: .ci/run installs them (libreoffice-writer-nogui fonts-liberation2 poppler-utils).');
