/**
 * The playground page: the workbook as tabs and grids, the bundle's own menu, its sidebars,
 * dialogs, alerts and toasts, and the emulator's extra views (outbox, documents, triggers).
 */

interface MenuItem { caption: string; functionName?: string; separator?: true; items?: MenuItem[] }
interface UiShown { kind: string; title?: string; message?: string; seconds?: number; frame?: string; width?: number; height?: number; menu?: MenuItem; answer?: string }
interface RunResult { result: unknown; error: { name: string; message: string } | null; ui: UiShown[] }
interface WorkbookView { name: string; sheets: string[]; active: string; menus: UiShown[]; now: string; user: string }
interface Cell { value: string; raw?: string | number | boolean; note?: string; background?: string; bold?: boolean; formula?: string; validation?: string[] }
interface Snapshot { name: string; frozenRows: number; columnWidths: number[]; rows: Cell[][] }

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const EXTRA_TABS = ['Hộp thư đi', 'Tài liệu', 'Trình kích hoạt'];
let view: WorkbookView = { name: '', sheets: [], active: '', menus: [], now: '', user: '' };
let lastActive = '';
let active = '';

function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> = {}, children: (Node | string)[] = []): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  Object.assign(node, props);
  for (const c of children) node.append(c);
  return node;
}

async function api<T>(path: string, body?: unknown): Promise<T> {
  const res = await fetch(path, body === undefined ? {} : { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  if (!res.ok && res.headers.get('content-type')?.includes('json') !== true) throw new Error(await res.text());
  return res.json() as Promise<T>;
}

function columnName(i: number): string {
  let s = '';
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

// Cell edits: each save is queued (one at a time, in the order typed); the grid is redrawn
// only when no editor is open and no save is pending, so a redraw never takes text from under
// the person typing. A save that failed keeps the typed text in its cell, marked, and says so.
let saveChain: Promise<void> = Promise.resolve();
let pendingSaves = 0;
let redrawWanted = false;
/** Text typed into cells whose save is pending or failed, by "sheet!row!column". */
const typed = new Map<string, { text: string; failed: string | null }>();
const cellKey = (sheet: string, row: number | string, col: number | string) => `${sheet}!${row}!${col}`;

function editorOpen(): boolean {
  return document.querySelector('table.grid textarea, table.grid select') !== null;
}

// Each drawing of the main area (a sheet, the outbox, the documents, the triggers) takes a
// ticket before it asks the server; an answer that arrives after a later drawing was asked for
// is dropped. Otherwise a slow answer (the first drawing after opening, a redraw after a run)
// could draw the tab the person left over the one they just clicked. While a drawing is on its
// way the area is aria-busy (assistive technology waits for it; so do the browser tests).
let drawTicket = 0;

function beginDrawing(): number {
  $('gridwrap').setAttribute('aria-busy', 'true');
  return ++drawTicket;
}

/** True when `ticket` is the latest drawing asked for; the area is then no longer busy (the caller draws at once). */
function latestDrawing(ticket: number): boolean {
  if (ticket !== drawTicket) return false;
  $('gridwrap').removeAttribute('aria-busy');
  return true;
}

/** The answer a drawing waits for; when it fails, the area is no longer busy (what was shown stays). */
async function answerFor<T>(ticket: number, request: Promise<T>): Promise<T> {
  try {
    return await request;
  } catch (e) {
    latestDrawing(ticket);
    throw e;
  }
}

/** Redraws the active sheet once nothing is being typed or saved. */
function redrawWhenIdle(): void {
  if (editorOpen() || pendingSaves > 0) {
    redrawWanted = true;
    return;
  }
  redrawWanted = false;
  if (view.sheets.includes(active)) void renderSheet(active);
}

async function renderSheet(name: string): Promise<void> {
  const wrap = $('gridwrap');
  if (editorOpen() || pendingSaves > 0) {
    redrawWanted = true;
    return;
  }
  const ticket = beginDrawing();
  const snap = await answerFor(ticket, api<Snapshot>(`/api/sheet?name=${encodeURIComponent(name)}`));
  if (!latestDrawing(ticket)) return;
  if (editorOpen() || pendingSaves > 0) {
    redrawWanted = true;
    return;
  }
  const cols = Math.max(snap.columnWidths.length, ...snap.rows.map((r) => r.length), 8);
  const table = el('table', { className: 'grid' });
  table.setAttribute('aria-label', `Trang ${name}`);
  table.dataset.sheet = name;
  const colgroup = el('colgroup', {}, [el('col', { width: '44' } as Partial<HTMLTableColElement>)]);
  let total = 44;
  for (let c = 0; c < cols; c++) {
    const w = snap.columnWidths[c] ?? 100;
    total += w;
    colgroup.append(el('col', { width: String(w) } as Partial<HTMLTableColElement>));
  }
  // The columns keep the widths the sheet sets: the grid scrolls sideways instead of squeezing.
  table.style.width = `${total}px`;
  table.append(colgroup);
  const head = el('tr', {}, [el('th')]);
  for (let c = 0; c < cols; c++) head.append(el('th', { textContent: columnName(c) }));
  table.append(el('thead', {}, [head]));
  const body = el('tbody');
  const rows = Math.max(snap.rows.length + 5, 30);
  for (let r = 0; r < rows; r++) {
    const tr = el('tr');
    if (r < snap.frozenRows) tr.className = 'frozen';
    tr.append(el('td', { className: 'rowhead', textContent: String(r + 1) }));
    for (let c = 0; c < cols; c++) {
      const cell = snap.rows[r]?.[c];
      const td = el('td', { textContent: cell?.value ?? '' });
      const local = typed.get(cellKey(name, r + 1, c + 1));
      if (local) {
        td.textContent = local.text;
        td.classList.add(local.failed ? 'save-failed' : 'saving');
        if (local.failed) td.title = `Chưa ghi được: ${local.failed}`;
      }
      if (cell?.background && cell.background !== '#ffffff') td.style.background = cell.background;
      if (cell?.bold) td.style.fontWeight = 'bold';
      if (cell?.note) {
        td.classList.add('note');
        td.title = cell.note;
      }
      if (cell?.formula) td.title = `${cell.formula}${td.title ? `\n${td.title}` : ''}`;
      td.tabIndex = -1;
      td.dataset.row = String(r + 1);
      td.dataset.col = String(c + 1);
      td.ondblclick = () => editCell(name, td, cell);
      td.onkeydown = (ev) => {
        if (ev.key === 'Enter' || ev.key === 'F2') {
          ev.preventDefault();
          editCell(name, td, cell);
        }
      };
      td.onclick = () => td.focus();
      tr.append(td);
    }
    body.append(tr);
  }
  table.append(body);
  wrap.replaceChildren(table);
}

/** Edits a cell as a person would in Sheets: what they type is sent as typed text. */
function editCell(sheet: string, td: HTMLTableCellElement, cell: Cell | undefined): void {
  if (td.querySelector('textarea, select')) return;
  const key = cellKey(sheet, td.dataset.row!, td.dataset.col!);
  const local = typed.get(key);
  const stored = cell?.formula ?? (typeof cell?.raw === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(cell.raw) ? cell.value : cell?.raw !== undefined ? String(cell.raw) : '');
  const initial = local ? local.text : stored;
  const editor: HTMLTextAreaElement | HTMLSelectElement = cell?.validation?.length ? el('select') : el('textarea', { value: initial, rows: 1 });
  if (editor instanceof HTMLSelectElement) {
    editor.append(el('option', { value: '', textContent: '' }), ...cell!.validation!.map((v) => el('option', { value: v, textContent: v, selected: v === initial })));
  }
  const where = `${columnName(Number(td.dataset.col) - 1)}${td.dataset.row}`;
  editor.setAttribute('aria-label', `Sửa ô ${where}`);
  editor.className = 'cell-editor';
  const before = td.textContent ?? '';
  td.classList.add('editing');
  td.replaceChildren(editor);
  if (editor instanceof HTMLTextAreaElement) {
    editor.style.width = `${Math.max(td.offsetWidth + 2, 160)}px`;
    // Grows with the text (down, over the rows below), as Sheets' editor does.
    const grow = () => {
      editor.style.height = 'auto';
      editor.style.height = `${Math.max(editor.scrollHeight + 4, td.offsetHeight + 2)}px`;
    };
    editor.addEventListener('input', grow);
    requestAnimationFrame(grow);
  }
  editor.focus();
  let done = false;
  const finish = (save: boolean) => {
    if (done) return;
    done = true;
    td.classList.remove('editing');
    const value = editor.value;
    // A failed save is retried even when the text was not changed again.
    if (!save || (value === stored && !local?.failed)) {
      td.textContent = before;
      if (redrawWanted) redrawWhenIdle();
      return;
    }
    td.textContent = value;
    td.classList.remove('save-failed');
    td.classList.add('saving');
    td.title = '';
    typed.set(key, { text: value, failed: null });
    pendingSaves++;
    saveChain = saveChain.then(async () => {
      let problem: string | null = null;
      try {
        const out = await api<{ ok: boolean; error?: string }>('/api/cell', { sheet, row: Number(td.dataset.row), column: Number(td.dataset.col), value });
        if (!out.ok) problem = out.error || 'máy chủ không nhận';
      } catch (e) {
        problem = `mất kết nối với bản chạy thử (${(e as Error).message || 'không rõ lỗi'})`;
      }
      pendingSaves--;
      const current = typed.get(key);
      if (problem) {
        if (current?.text === value) current.failed = problem;
        const shown = document.querySelector<HTMLTableCellElement>(`table.grid[data-sheet="${CSS.escape(sheet)}"] td[data-row="${td.dataset.row}"][data-col="${td.dataset.col}"]`);
        if (shown && !shown.querySelector('textarea, select')) {
          shown.classList.remove('saving');
          shown.classList.add('save-failed');
          shown.title = `Chưa ghi được: ${problem}`;
        }
        toast('Không ghi được ô ' + where, `Trang "${sheet}": ${problem}. Chữ đã gõ vẫn ở trong ô (viền đỏ); bấm đúp vào ô để thử lại.`, 'alert');
      } else if (current?.text === value) {
        typed.delete(key);
      }
      redrawWhenIdle();
    });
  };
  editor.addEventListener('keydown', (ev) => {
    const k = (ev as KeyboardEvent).key;
    // The cell's own Enter/F2 (open the editor) must not see the key that closed it.
    ev.stopPropagation();
    if (k === 'Escape') finish(false);
    if (k === 'Enter' && !(ev as KeyboardEvent).shiftKey) {
      ev.preventDefault();
      finish(true);
    }
  });
  editor.addEventListener('blur', () => finish(true));
  if (editor instanceof HTMLSelectElement) editor.addEventListener('change', () => finish(true));
}

function renderTabs(): void {
  const tabs = $('tabs');
  tabs.replaceChildren();
  for (const name of [...view.sheets, ...EXTRA_TABS]) {
    const b = el('button', { type: 'button', textContent: name });
    b.setAttribute('role', 'tab');
    b.setAttribute('aria-selected', String(name === active));
    if (EXTRA_TABS.includes(name)) b.classList.add('muted');
    b.onclick = () => void show(name);
    tabs.append(b);
  }
}

async function show(name: string): Promise<void> {
  active = name;
  renderTabs();
  if (name === 'Hộp thư đi') return renderOutbox();
  if (name === 'Tài liệu') return renderDocuments();
  if (name === 'Trình kích hoạt') return renderTriggers();
  return renderSheet(name);
}

async function renderOutbox(): Promise<void> {
  const ticket = beginDrawing();
  const mails = await answerFor(ticket, api<{ to: string[] | string; cc?: string[] | string; subject: string; at: string; file?: string; body?: string }[]>('/api/outbox'));
  if (!latestDrawing(ticket)) return;
  const panel = el('div', { className: 'panel' }, [el('h2', { textContent: `Hộp thư đi (${mails.length})` })]);
  if (!mails.length) panel.append(el('p', { className: 'muted', textContent: 'Chưa có thư nào được gửi.' }));
  const table = el('table');
  const list = (v: string[] | string | undefined) => (Array.isArray(v) ? v.join(', ') : v ?? '');
  mails.forEach((m, i) => {
    const eml = m.file ? el('a', { href: `/files/${encodeURIComponent(m.file)}`, textContent: '.eml' }) : '';
    const view = el('a', { href: `/outbox/${i}`, target: '_blank', textContent: 'Xem thư' });
    const cc = list(m.cc);
    table.prepend(el('tr', {}, [el('td', { textContent: vnDateTime(m.at) }), el('td', { textContent: list(m.to) + (cc ? ` (cc: ${cc})` : '') }), el('td', { textContent: m.subject }), el('td', {}, [view, ' ', eml])]));
  });
  panel.append(table);
  $('gridwrap').replaceChildren(panel);
}

async function renderDocuments(): Promise<void> {
  const ticket = beginDrawing();
  const docs = await answerFor(ticket, api<{ id: string; name: string; file?: string; folder?: string }[]>('/api/documents'));
  if (!latestDrawing(ticket)) return;
  const panel = el('div', { className: 'panel' }, [el('h2', { textContent: `Tài liệu trên Drive (${docs.length})` })]);
  if (!docs.length) panel.append(el('p', { className: 'muted', textContent: 'Chưa có tài liệu nào.' }));
  const table = el('table');
  for (const d of docs) {
    table.append(
      el('tr', {}, [
        el('td', { textContent: d.folder ?? '' }),
        el('td', { textContent: d.name }),
        // The Doc's address as Google shows it, to paste into "Nhập kế hoạch từ Google Docs".
        el('td', {}, [el('input', { readOnly: true, value: `https://docs.google.com/document/d/${d.id}/edit`, title: 'Địa chỉ của tài liệu', size: 28, onclick: (e: Event) => (e.target as HTMLInputElement).select() })]),
        el('td', {}, [el('a', { href: `/documents/${encodeURIComponent(d.id)}`, target: '_blank', textContent: 'Xem' })]),
        el('td', {}, [d.file ? el('a', { href: `/files/${encodeURIComponent(d.file)}`, textContent: 'Tải .docx' }) : '']),
      ]),
    );
  }
  panel.append(table);
  $('gridwrap').replaceChildren(panel);
}

interface OutboxMail { to: string[]; from: string; subject: string; at: string; body: string; messageId: string }

/** dd/mm/yyyy hh:mm in Vietnam time, as every date in the page. */
function vnDateTime(iso: string): string {
  const d = new Date(new Date(iso).getTime() + 7 * 3600000).toISOString();
  return `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)} ${d.slice(11, 16)}`;
}

/** What a time-driven run did, in words, from the handler's own result. */
function describeRun(fn: string, out: RunResult): string {
  if (out.error) return `Lỗi: ${out.error.message}`;
  const r = (out.result ?? {}) as Record<string, unknown>;
  const n = (k: string) => Number(r[k] ?? 0);
  if (fn === 'runHourly' && r.waiting) {
    const waiting: Record<string, string> = {
      done: 'Nhắc việc hôm nay đã gửi xong ở lần chạy trước: lần chạy mỗi giờ này không gửi gì (đặt "Bây giờ" sang ngày sau để chạy tiếp).',
      early: 'Chưa đến "Giờ gửi nhắc việc" (trang "Cài đặt"): lần chạy mỗi giờ này không gửi gì. Đặt "Bây giờ" từ giờ đó trở đi rồi chạy lại.',
      'no-plan': 'Bảng tính chưa có trang "Kế hoạch": chưa có gì để nhắc.',
      'no-spreadsheet': 'Không mở được bảng tính theo dõi: xem nhật ký thực thi.',
    };
    return waiting[String(r.waiting)] ?? `Không gửi gì (${String(r.waiting)}).`;
  }
  if (fn === 'runDailyReminders' || fn === 'runHourly') {
    const parts = [`đã gửi ${n('sent')} thư`];
    if (n('skipped')) parts.push(`bỏ qua ${n('skipped')} thư (email mẫu hoặc sai, xem trang "Nhật ký nhắc việc")`);
    if (n('deferred')) parts.push(`hoãn ${n('deferred')} thư sang lần sau`);
    if (n('failed')) parts.push(`${n('failed')} thư gửi lỗi`);
    return n('sent') + n('skipped') + n('deferred') + n('failed') === 0 ? 'Hôm nay không có nhắc việc nào cần gửi (các nhắc việc đến hạn đã gửi trước đó).' : `Nhắc việc: ${parts.join(', ')}.`;
  }
  if (fn === 'processReplies') {
    if (r.enabled === false) return 'Không đọc thư: mục "Nhận trả lời qua email" ở trang "Cài đặt" đang là "Không". Chọn "Có" rồi chạy lại.';
    if (!n('messages')) return 'Không có thư trả lời mới.';
    const parts = [`ghi ${n('applied')} dòng tiến độ`];
    if (n('notApplied')) parts.push(`${n('notApplied')} dòng không áp dụng`);
    if (n('problems')) parts.push(`${n('problems')} dòng chưa đọc được`);
    if (n('failed')) parts.push(`${n('failed')} thư lỗi, sẽ đọc lại`);
    if (n('refused')) parts.push(`từ chối ${n('refused')} thư không trả lời thư nhắc việc nào gửi cho người gửi`);
    return `Đã đọc ${n('messages')} thư trả lời: ${parts.join(', ')}. Xem trang "Tiến độ" và "Nhật ký nhắc việc".`;
  }
  const logs = (out as RunResult & { logs?: { level: string; message: string }[] }).logs ?? [];
  const last = logs.filter((l) => l.level !== 'debug').map((l) => l.message).slice(-3);
  if (out.result !== undefined && out.result !== null) return `Đã chạy xong. Kết quả: ${JSON.stringify(out.result)}`;
  return last.length ? `Đã chạy xong.\n${last.join('\n')}` : 'Đã chạy xong (hàm không trả về kết quả).';
}

async function renderTriggers(): Promise<void> {
  const ticket = beginDrawing();
  const [triggers, mails] = await answerFor(
    ticket,
    Promise.all([
      api<{ id: string; handler: string; eventType: string; atHour?: number; everyHours?: number; everyDays?: number }[]>('/api/triggers'),
      api<OutboxMail[]>('/api/outbox'),
    ]),
  );
  if (!latestDrawing(ticket)) return;
  const panel = el('div', { className: 'panel' }, [el('h2', { textContent: 'Trình kích hoạt theo thời gian' })]);
  panel.append(el('p', { className: 'muted', textContent: 'Trong Google Sheets, các việc này tự chạy theo giờ đã cài. Ở đây, đặt "Bây giờ" ở trên rồi bấm để chạy như trình kích hoạt; kết quả lần chạy hiện ra sau khi chạy xong.' }));
  if (!triggers.length) panel.append(el('p', { className: 'muted', textContent: 'Chưa cài trình kích hoạt nào (menu "Bật/tắt nhắc việc tự động").' }));
  for (const t of triggers) {
    const when = t.everyHours ? `mỗi ${t.everyHours} giờ` : `mỗi ${t.everyDays ?? 1} ngày, lúc ${t.atHour ?? 0} giờ`;
    const run = el('button', { type: 'button', textContent: `Chạy ${t.handler} ngay` });
    run.onclick = () => void runTrigger(t.handler, t.id);
    panel.append(el('p', {}, [`${t.handler} (${when}) `, run]));
  }

  // The reply demo: answer a real reminder from the outbox, as the assignee would from Gmail.
  panel.append(el('h3', { textContent: 'Trả lời một thư nhắc việc (hộp thư đến)' }));
  const reminders = mails.map((m, i) => ({ m, i })).filter(({ m }) => /\[CCHC xã /.test(m.subject) && !/^\s*(re|tl|trả lời)\s*:/i.test(m.subject) && m.to.length > 0);
  if (!reminders.length) {
    panel.append(el('p', { className: 'muted', textContent: 'Chưa có thư nhắc việc nào trong "Hộp thư đi" để trả lời. Nhập email thật ở trang "Cán bộ", đặt giờ, rồi chạy "Gửi nhắc việc hôm nay" (menu) hoặc bấm "Chạy runHourly ngay" (từ "Giờ gửi nhắc việc").' }));
  } else {
    const pick = el('select', { id: 'replyto' });
    pick.setAttribute('aria-label', 'Thư nhắc việc cần trả lời');
    for (const { m, i } of reminders.reverse()) pick.append(el('option', { value: String(i), textContent: `${vnDateTime(m.at)} – ${m.to.join(', ')} – ${m.subject}` }));
    const text = el('textarea', { id: 'replytext', rows: 3, cols: 60 });
    text.setAttribute('aria-label', 'Nội dung thư trả lời');
    const fill = () => {
      const m = mails[Number(pick.value)];
      const code = /\bNV\d+\b/.exec(m.body)?.[0] ?? 'NV01';
      text.value = `${code}: Hoàn thành 100%`;
    };
    pick.onchange = fill;
    fill();
    const drop = el('button', { type: 'button', textContent: 'Gửi thư trả lời này' });
    drop.onclick = async () => {
      const m = mails[Number(pick.value)];
      await api('/api/inbox', { from: m.to[0], to: m.from, subject: `Re: ${m.subject}`, text: text.value, inReplyTo: m.messageId });
      const hourly = triggers.find((t) => t.handler === 'processReplies');
      toast('Hộp thư đến', `Đã thêm thư trả lời của ${m.to[0]}. ${hourly ? 'Bấm "Chạy processReplies ngay" để đọc.' : 'Bấm "Đọc thư trả lời ngay" để đọc.'}`);
    };
    const read = el('button', { type: 'button', textContent: 'Đọc thư trả lời ngay (processReplies)' });
    read.onclick = () => void runTrigger('processReplies', triggers.find((t) => t.handler === 'processReplies')?.id);
    panel.append(el('p', {}, [pick]), el('p', {}, [text]), el('p', {}, [drop, ' ', read]));
  }
  $('gridwrap').replaceChildren(panel);
}

/** Runs a time-driven handler and says what the run did. */
async function runTrigger(fn: string, trigger?: string): Promise<void> {
  const out = await runFunction(fn, trigger, false);
  if (out) await alertBox(`Kết quả chạy ${fn}`, describeRun(fn, out));
}

function closeMenus(): void {
  document.querySelectorAll('.dropdown').forEach((d) => d.remove());
  document.querySelectorAll('nav#menubar button.top').forEach((b) => b.setAttribute('aria-expanded', 'false'));
}

function renderMenus(): void {
  const bar = $('menubar');
  bar.replaceChildren();
  for (const m of view.menus) {
    const menu = m.menu;
    if (!menu) continue;
    const holder = el('div');
    const top = el('button', { type: 'button', className: 'top', textContent: menu.caption });
    top.setAttribute('aria-haspopup', 'true');
    top.setAttribute('aria-expanded', 'false');
    top.onclick = (ev) => {
      ev.stopPropagation();
      const open = top.getAttribute('aria-expanded') === 'true';
      closeMenus();
      if (open) return;
      top.setAttribute('aria-expanded', 'true');
      const dd = el('div', { className: 'dropdown' });
      dd.setAttribute('role', 'menu');
      for (const item of menu.items ?? []) {
        if (item.separator) dd.append(el('hr'));
        else if (item.functionName) {
          const b = el('button', { type: 'button', textContent: item.caption });
          b.setAttribute('role', 'menuitem');
          b.dataset.fn = item.functionName;
          b.onclick = () => {
            closeMenus();
            void runFunction(item.functionName!);
          };
          dd.append(b);
        }
      }
      holder.append(dd);
      (dd.querySelector('button') as HTMLButtonElement | null)?.focus();
    };
    holder.append(top);
    bar.append(holder);
  }
}

/**
 * A toast as Spreadsheet.toast shows it: `seconds` as asked (default 5; negative: until closed,
 * as Apps Script documents), with a close button.
 */
function toast(title: string, message: string, role: 'status' | 'alert' = 'status', seconds = role === 'alert' ? 15 : 5): void {
  const close = el('button', { type: 'button', className: 'x', textContent: '×' });
  close.setAttribute('aria-label', 'Đóng thông báo');
  const t = el('div', { className: `toast${role === 'alert' ? ' error' : ''}` }, [close, title ? el('b', { textContent: title }) : '', message]);
  t.setAttribute('role', role);
  close.onclick = () => t.remove();
  $('toasts').append(t);
  if (seconds >= 0) setTimeout(() => t.remove(), seconds * 1000);
}

function alertBox(title: string, message: string): Promise<void> {
  return new Promise((resolve) => {
    const ok = el('button', { type: 'button', textContent: 'OK' });
    const box = el('div', { className: 'dialog alert' }, [el('h2', { textContent: title || 'Thông báo' }), el('p', { textContent: message }), el('div', { className: 'buttons' }, [ok])]);
    box.setAttribute('role', 'alertdialog');
    const overlay = el('div', { className: 'overlay' }, [box]);
    ok.onclick = () => {
      overlay.remove();
      resolve();
    };
    document.body.append(overlay);
    ok.focus();
  });
}

function openFrame(shown: UiShown): void {
  if (!shown.frame) return;
  if (shown.kind === 'sidebar') {
    $('sidebartitle').textContent = shown.title ?? '';
    ($('sidebarframe') as HTMLIFrameElement).src = shown.frame;
    $('sidebar').classList.add('open');
    return;
  }
  const close = el('button', { className: 'x', type: 'button', textContent: '×' });
  close.setAttribute('aria-label', 'Đóng');
  const frame = el('iframe', { src: shown.frame, title: shown.title ?? 'Hộp thoại' });
  frame.style.width = `${shown.width ?? 600}px`;
  frame.style.height = `${shown.height ?? 420}px`;
  const dialog = el('div', { className: 'dialog' }, [el('div', { className: 'bar' }, [el('span', { textContent: shown.title ?? '' }), close]), frame]);
  dialog.setAttribute('role', 'dialog');
  dialog.dataset.frame = shown.frame.split('/').pop() ?? '';
  const overlay = el('div', { className: 'overlay' }, [dialog]);
  close.onclick = () => overlay.remove();
  document.body.append(overlay);
}

async function showUi(events: UiShown[]): Promise<void> {
  for (const e of events) {
    if (e.kind === 'toast') toast(e.title ?? '', e.message ?? '', 'status', e.seconds ?? 5);
    else if (e.kind === 'alert' || e.kind === 'prompt') await alertBox(e.title ?? '', e.message ?? '');
    else if (e.frame) openFrame(e);
  }
}

async function refresh(): Promise<void> {
  view = await api<WorkbookView>('/api/workbook');
  $('title').textContent = view.name || 'Theo dõi kế hoạch CCHC';
  $('user').textContent = view.user;
  ($('clock') as HTMLInputElement).value = vnDateTime(view.now);
  // Follow the spreadsheet's active sheet when a script changes it (setActiveSheet).
  if (view.active && view.active !== lastActive) active = view.active;
  lastActive = view.active;
  if (!active || (!view.sheets.includes(active) && !EXTRA_TABS.includes(active))) active = view.sheets[0] ?? EXTRA_TABS[0];
  renderTabs();
  await show(active);
}

async function runFunction(fn: string, trigger?: string, showError = true): Promise<RunResult | null> {
  document.body.style.cursor = 'progress';
  try {
    const out = await api<RunResult>('/api/run', { fn, args: [], trigger });
    await refresh();
    await showUi(out.ui);
    if (out.error && showError) await alertBox('Lỗi', out.error.message);
    return out;
  } catch (e) {
    await alertBox('Không chạy được', (e as Error).message);
    return null;
  } finally {
    document.body.style.cursor = '';
  }
}

window.addEventListener('message', (ev) => {
  const data = ev.data as { type?: string; frame?: string; ui?: UiShown[]; value?: number };
  if (data?.type === 'close') {
    if (($('sidebarframe') as HTMLIFrameElement).src.endsWith(`/frame/${data.frame}`)) {
      $('sidebar').classList.remove('open');
      ($('sidebarframe') as HTMLIFrameElement).src = 'about:blank';
    }
    document.querySelectorAll(`.dialog[data-frame="${data.frame}"]`).forEach((d) => d.parentElement?.remove());
  } else if (data?.type === 'gsr-done') {
    void refresh().then(() => showUi((data.ui ?? []).filter((u) => u.kind !== 'menu')));
  }
});
document.addEventListener('click', closeMenus);
$('sidebarclose').onclick = () => {
  $('sidebar').classList.remove('open');
  ($('sidebarframe') as HTMLIFrameElement).src = 'about:blank';
};
$('deploy').onclick = async () => {
  const d = await api<{ deployed: boolean; url: string | null; dev: string | null }>('/api/deploy', {});
  await alertBox(
    'Đã triển khai ứng dụng web',
    [
      'Thực thi với tư cách: Tôi. Người có quyền truy cập: Bất kỳ ai.',
      `URL ứng dụng web: ${d.url}`,
      '',
      'Dán địa chỉ này vào mục "Địa chỉ web app" ở trang "Cài đặt" (hoặc mở địa chỉ này một lần: mục đó được điền tự động).',
      `Từ bảng tính và trình kích hoạt, Apps Script chỉ thấy địa chỉ bản thử nghiệm ${d.dev}, người nhận thư không mở được.`,
    ].join('\n'),
  );
};
interface ConsentView { user: string; scopes: { scope: string; granted: boolean; words: string }[] }

/**
 * The granular consent screen: the manifest's scopes with a box each for the current user; an
 * unticked one is not granted, and the menu items needing it then say which quyền to grant.
 */
$('consent').onclick = async () => {
  const c = await api<ConsentView>('/api/consent');
  const boxes = c.scopes.map((s) => {
    const box = el('input', { type: 'checkbox', checked: s.granted });
    box.dataset.scope = s.scope;
    return el('label', {}, [box, el('span', {}, [s.words, el('small', { textContent: s.scope })])]);
  });
  const save = el('button', { type: 'button', className: 'primary', textContent: 'Lưu' });
  const cancel = el('button', { type: 'button', textContent: 'Hủy' });
  const box = el('div', { className: 'dialog consent' }, [
    el('h2', { textContent: 'Quyền "Theo dõi CCHC" được dùng' }),
    el('p', { className: 'muted', textContent: `Tài khoản: ${c.user || '(không rõ)'}. Bỏ chọn một quyền như khi người dùng không đánh dấu ô đó trên màn hình cấp quyền của Google.` }),
    ...boxes,
    el('div', { className: 'buttons' }, [cancel, save]),
  ]);
  box.setAttribute('role', 'dialog');
  box.setAttribute('aria-label', 'Quyền đã cấp');
  const overlay = el('div', { className: 'overlay' }, [box]);
  cancel.onclick = () => overlay.remove();
  save.onclick = async () => {
    const denied = boxes.map((l) => l.querySelector('input')!).filter((i) => !i.checked).map((i) => i.dataset.scope!);
    const after = await api<ConsentView>('/api/consent', { denied });
    overlay.remove();
    const off = after.scopes.filter((s) => !s.granted).length;
    toast('Đã lưu quyền', off ? `${off} quyền không được cấp cho ${after.user}.` : `Mọi quyền đã được cấp cho ${after.user}.`);
  };
  document.body.append(overlay);
  save.focus();
};
$('setclock').onclick = async () => {
  const v = ($('clock') as HTMLInputElement).value.trim();
  // dd/mm/yyyy hh:mm (the hour is optional), as dates are written in Vietnam.
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s+(\d{1,2})(?::(\d{2}))?)?$/.exec(v);
  const pad = (x: string | undefined, d = '00') => (x ?? d).padStart(2, '0');
  const iso = m ? `${m[3]}-${pad(m[2])}-${pad(m[1])}T${pad(m[4])}:${pad(m[5])}:00+07:00` : '';
  const when = iso ? new Date(iso) : null;
  if (!m || !when || Number.isNaN(when.getTime()) || vnDateTime(when.toISOString()).slice(0, 10) !== `${pad(m[1])}/${pad(m[2])}/${m[3]}` || Number(m[4] ?? 0) > 23) {
    toast('Chưa đặt được giờ', `"${v}" không phải ngày giờ hợp lệ. Ghi theo dạng ngày/tháng/năm giờ:phút, ví dụ 29/06/2024 07:00.`, 'alert');
    return;
  }
  await api('/api/clock', { now: iso });
  await refresh();
  toast('Đã đặt giờ', `Bây giờ là ${vnDateTime(when.toISOString())} (giờ Việt Nam)`);
};

void (async () => {
  const opened = await api<RunResult & { workbook: WorkbookView }>('/api/open', {});
  view = opened.workbook;
  renderMenus();
  await refresh();
  if (opened.error) await alertBox('Lỗi khi mở bảng tính', opened.error.message);
})();
