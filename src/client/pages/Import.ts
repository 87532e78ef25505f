/**
 * "Nhập kế hoạch từ văn bản": paste the appendix table, see what will be added or changed,
 * then import it. Nothing is written before the office has seen the preview.
 */
import { server, failureMessage } from '../lib/server';
import { $, fieldError } from '../lib/dom';
import { importedMessage, previewChoices, renderPreview } from '../lib/importPreview';
import type { ImportInput } from '../../shared/rpc';

const text = $('text') as HTMLTextAreaElement;
const previewBtn = $('preview') as HTMLButtonElement;
const importBtn = $('import') as HTMLButtonElement;
let previewedText = '';
/** The preview found something to import. */
let importable = false;
/**
 * The clipboard's two flavours when a table was pasted: Word, Google Docs and LibreOffice
 * give the table as HTML (cells, merged cells, paragraphs) besides the plain text shown.
 */
let pasted: { html: string; text: string } | null = null;

function canImport(): boolean {
  return importable && !!previewedText && previewedText === text.value;
}

function busy(on: boolean): void {
  previewBtn.disabled = on;
  importBtn.disabled = on || !canImport();
  $('busy').hidden = !on;
}

/** What is sent: the HTML and text of the paste while the box still shows that paste. */
function input(): ImportInput {
  return pasted && pasted.text === text.value ? pasted : text.value;
}

/** The paste with the clerk's choices in the preview: confirmed suggestions, replacing the sample. */
function inputWithChoices(): ImportInput {
  const given = input();
  const base = typeof given === 'string' ? { text: given } : given;
  return { ...base, ...previewChoices() };
}

text.addEventListener('paste', (e: ClipboardEvent) => {
  const data = e.clipboardData;
  const html = data?.getData('text/html') ?? '';
  if (!data || !/<table[\s>]/i.test(html)) {
    pasted = null;
    return;
  }
  e.preventDefault();
  const plain = data.getData('text/plain');
  text.value = plain;
  // The box keeps its own line ends (\r\n reads back as \n): compare with what it holds.
  pasted = { html, text: text.value };
  $('pasteKind').textContent = 'Đã nhận bảng kèm định dạng (ô gộp, nhiều đoạn trong một ô được giữ nguyên).';
  text.dispatchEvent(new Event('input'));
});

function message(kind: 'ok' | 'bad', msg: string): void {
  const box = $('result');
  box.className = `msg ${kind}`;
  box.textContent = msg;
}

previewBtn.addEventListener('click', async () => {
  fieldError('text', undefined);
  if (!text.value.trim()) {
    fieldError('text', 'Chưa dán bảng nào.');
    text.focus();
    return;
  }
  busy(true);
  try {
    const p = await server.previewImport(input());
    previewedText = text.value;
    importable = p.importable;
    renderPreview($('previewBox'), p);
    $('result').textContent = '';
    $('result').className = '';
  } catch (e) {
    previewedText = '';
    importable = false;
    message('bad', failureMessage(e));
  } finally {
    busy(false);
  }
});

importBtn.addEventListener('click', async () => {
  busy(true);
  try {
    const r = await server.importPlanText(inputWithChoices());
    message('ok', importedMessage(r));
    previewedText = '';
    importable = false;
    $('previewBox').replaceChildren();
  } catch (e) {
    message('bad', failureMessage(e));
  } finally {
    busy(false);
  }
});

text.addEventListener('input', () => {
  if (pasted && pasted.text !== text.value) {
    pasted = null;
    $('pasteKind').textContent = '';
  }
  importBtn.disabled = !canImport();
});
text.focus();
