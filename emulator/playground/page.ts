/**
 * The playground page: the workbook as tabs and grids, the bundle's own menu, its sidebars,
 * dialogs, alerts and toasts, and the emulator's extra views (outbox, documents, triggers).
 */

interface MenuItem { caption: string; functionName?: string; separator?: true; items?: MenuItem[] }
interface UiShown { kind: string; title?: string; message?: string; frame?: string; width?: number; height?: number; menu?: MenuItem; answer?: string }
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

async function renderSheet(name: string): Promise<void> {
  const wrap = $('gridwrap');
  const snap = await api<Snapshot>(`/api/sheet?name=${encodeURIComponent(name)}`);
  const cols = Math.max(snap.columnWidths.length, ...snap.rows.map((r) => r.length), 8);
  const table = el('table', { className: 'grid' });
  table.setAttribute('aria-label', `Trang ${name}`);
  table.dataset.sheet = name;
  const colgroup = el('colgroup', {}, [el('col', { width: '44' } as Partial<HTMLTableColElement>)]);
  for (let c = 0; c < cols; c++) colgroup.append(el('col', { width: String(snap.columnWidths[c] ?? 100) } as Partial<HTMLTableColElement>));
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
  const initial = cell?.formula ?? (typeof cell?.raw === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(cell.raw) ? cell.value : cell?.raw !== undefined ? String(cell.raw) : '');
  const editor: HTMLTextAreaElement | HTMLSelectElement = cell?.validation?.length ? el('select') : el('textarea', { value: initial, rows: 2 });
  if (editor instanceof HTMLSelectElement) {
    editor.append(el('option', { value: '', textContent: '' }), ...cell!.validation!.map((v) => el('option', { value: v, textContent: v, selected: v === initial })));
  }
  editor.setAttribute('aria-label', `Sửa ô ${columnName(Number(td.dataset.col) - 1)}${td.dataset.row}`);
  editor.style.width = '100%';
  const before = td.textContent ?? '';
  td.replaceChildren(editor);
  editor.focus();
  let done = false;
  const finish = async (save: boolean) => {
    if (done) return;
    done = true;
    if (!save || editor.value === initial) {
      td.textContent = before;
      return;
    }
    const out = await api<{ ok: boolean; error?: string }>('/api/cell', { sheet, row: Number(td.dataset.row), column: Number(td.dataset.col), value: editor.value });
    if (!out.ok) await alertBox('Không ghi được ô này', out.error ?? '');
    await renderSheet(sheet);
  };
  editor.addEventListener('keydown', (ev) => {
    const k = (ev as KeyboardEvent).key;
    if (k === 'Escape') void finish(false);
    if (k === 'Enter' && !(ev as KeyboardEvent).shiftKey) {
      ev.preventDefault();
      void finish(true);
    }
  });
  editor.addEventListener('blur', () => void finish(true));
  if (editor instanceof HTMLSelectElement) editor.addEventListener('change', () => void finish(true));
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
  const mails = await api<{ to: string[] | string; cc?: string[] | string; subject: string; at: string; file?: string; body?: string }[]>('/api/outbox');
  const panel = el('div', { className: 'panel' }, [el('h2', { textContent: `Hộp thư đi (${mails.length})` })]);
  if (!mails.length) panel.append(el('p', { className: 'muted', textContent: 'Chưa có thư nào được gửi.' }));
  const table = el('table');
  const list = (v: string[] | string | undefined) => (Array.isArray(v) ? v.join(', ') : v ?? '');
  mails.forEach((m, i) => {
    const eml = m.file ? el('a', { href: `/files/${encodeURIComponent(m.file)}`, textContent: '.eml' }) : '';
    const view = el('a', { href: `/outbox/${i}`, target: '_blank', textContent: 'Xem thư' });
    const cc = list(m.cc);
    table.prepend(el('tr', {}, [el('td', { textContent: new Date(m.at).toLocaleString('vi-VN') }), el('td', { textContent: list(m.to) + (cc ? ` (cc: ${cc})` : '') }), el('td', { textContent: m.subject }), el('td', {}, [view, ' ', eml])]));
  });
  panel.append(table);
  $('gridwrap').replaceChildren(panel);
}

async function renderDocuments(): Promise<void> {
  const docs = await api<{ id: string; name: string; file?: string; folder?: string }[]>('/api/documents');
  const panel = el('div', { className: 'panel' }, [el('h2', { textContent: `Tài liệu trên Drive (${docs.length})` })]);
  if (!docs.length) panel.append(el('p', { className: 'muted', textContent: 'Chưa có tài liệu nào.' }));
  const table = el('table');
  for (const d of docs) {
    table.append(
      el('tr', {}, [
        el('td', { textContent: d.folder ?? '' }),
        el('td', { textContent: d.name }),
        el('td', {}, [el('a', { href: `/documents/${encodeURIComponent(d.id)}`, target: '_blank', textContent: 'Xem' })]),
        el('td', {}, [d.file ? el('a', { href: `/files/${encodeURIComponent(d.file)}`, textContent: 'Tải .docx' }) : '']),
      ]),
    );
  }
  panel.append(table);
  $('gridwrap').replaceChildren(panel);
}

async function renderTriggers(): Promise<void> {
  const triggers = await api<{ id: string; handler: string; eventType: string; atHour?: number; everyHours?: number; everyDays?: number }[]>('/api/triggers');
  const panel = el('div', { className: 'panel' }, [el('h2', { textContent: 'Trình kích hoạt theo thời gian' })]);
  panel.append(el('p', { className: 'muted', textContent: 'Trong Google Sheets, các việc này tự chạy theo giờ đã cài. Ở đây, đặt "Bây giờ" ở trên rồi bấm để chạy như trình kích hoạt.' }));
  if (!triggers.length) panel.append(el('p', { className: 'muted', textContent: 'Chưa cài trình kích hoạt nào (menu "Bật/tắt nhắc việc tự động").' }));
  for (const t of triggers) {
    const when = t.everyHours ? `mỗi ${t.everyHours} giờ` : `mỗi ${t.everyDays ?? 1} ngày, lúc ${t.atHour ?? 0} giờ`;
    const run = el('button', { type: 'button', textContent: `Chạy ${t.handler} ngay` });
    run.onclick = () => void runFunction(t.handler, t.id);
    panel.append(el('p', {}, [`${t.handler} (${when}) `, run]));
  }
  // A reply to a reminder, dropped into the inbox that processReplies reads.
  const from = el('input', { type: 'text', placeholder: 'Người gửi (email)' });
  const subject = el('input', { type: 'text', value: 'Re: Nhắc việc CCHC' });
  const text = el('textarea', { rows: 3, value: 'NV03: Hoàn thành 100%, 4 tin bài trên trang TTĐT' });
  const drop = el('button', { type: 'button', textContent: 'Thêm thư trả lời vào hộp thư đến' });
  drop.onclick = async () => {
    await api('/api/inbox', { from: from.value, to: view.user, subject: subject.value, text: text.value });
    toast('Hộp thư đến', 'Đã thêm thư. Chạy processReplies để đọc.');
  };
  panel.append(el('h3', { textContent: 'Thư trả lời (hộp thư đến)' }), el('p', {}, [from]), el('p', {}, [subject]), el('p', {}, [text]), drop);
  $('gridwrap').replaceChildren(panel);
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

function toast(title: string, message: string): void {
  const t = el('div', { className: 'toast' }, [title ? el('b', { textContent: title }) : '', message]);
  $('toasts').append(t);
  setTimeout(() => t.remove(), 6000);
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
    if (e.kind === 'toast') toast(e.title ?? '', e.message ?? '');
    else if (e.kind === 'alert' || e.kind === 'prompt') await alertBox(e.title ?? '', e.message ?? '');
    else if (e.frame) openFrame(e);
  }
}

async function refresh(): Promise<void> {
  view = await api<WorkbookView>('/api/workbook');
  $('title').textContent = view.name || 'Theo dõi kế hoạch CCHC';
  $('user').textContent = view.user;
  const local = new Date(new Date(view.now).getTime() + 7 * 3600000).toISOString().slice(0, 16);
  ($('clock') as HTMLInputElement).value = local;
  // Follow the spreadsheet's active sheet when a script changes it (setActiveSheet).
  if (view.active && view.active !== lastActive) active = view.active;
  lastActive = view.active;
  if (!active || (!view.sheets.includes(active) && !EXTRA_TABS.includes(active))) active = view.sheets[0] ?? EXTRA_TABS[0];
  renderTabs();
  await show(active);
}

async function runFunction(fn: string, trigger?: string): Promise<void> {
  document.body.style.cursor = 'progress';
  try {
    const out = await api<RunResult>('/api/run', { fn, args: [], trigger });
    await refresh();
    await showUi(out.ui);
    if (out.error) await alertBox('Lỗi', out.error.message);
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
$('setclock').onclick = async () => {
  const v = ($('clock') as HTMLInputElement).value;
  if (!v) return;
  await api('/api/clock', { now: `${v}:00+07:00` });
  await refresh();
  toast('Đã đặt giờ', `Bây giờ là ${v.replace('T', ' ')} (giờ Việt Nam)`);
};

void (async () => {
  const opened = await api<RunResult & { workbook: WorkbookView }>('/api/open', {});
  view = opened.workbook;
  renderMenus();
  await refresh();
  if (opened.error) await alertBox('Lỗi khi mở bảng tính', opened.error.message);
})();
