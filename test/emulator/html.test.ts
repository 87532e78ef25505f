import vm from 'node:vm';
import { Env, emptyState } from '../../emulator/core/env';
import { createHtmlService, htmlOutputInfo } from '../../emulator/services/html';
import { createUtilities } from '../../emulator/services/utilities';

function makeEnv(files: Record<string, string> = {}): Env {
  const env = new Env({} as never, { now: '2024-03-08T09:00:00+07:00', state: emptyState() });
  env.files = files;
  return env;
}

describe('HtmlOutput', () => {
  test('content, append, appendUntrusted (escaped), clear, and chained setters', () => {
    const html = createHtmlService(makeEnv());
    const out = html.createHtmlOutput('<h1>Tiến độ</h1>');
    out.append('<p>một</p>').appendUntrusted('<script>alert("x")</script> & \'y\'');
    expect(out.getContent()).toBe('<h1>Tiến độ</h1><p>một</p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;');
    out.setContent('<p>mới</p>');
    expect(out.getContent()).toBe('<p>mới</p>');
    expect(out.clear().getContent()).toBe('');
    expect(html.createHtmlOutput().getContent()).toBe('');
  });

  test('title, size, favicon, X-Frame-Options and meta tags', () => {
    const html = createHtmlService(makeEnv());
    const out = html
      .createHtmlOutput('<p>x</p>')
      .setTitle('Nhập tiến độ')
      .setWidth(420)
      .setHeight(300)
      .setFaviconUrl('https://example.com/f.png')
      .setSandboxMode(html.SandboxMode.IFRAME)
      .setXFrameOptionsMode(html.XFrameOptionsMode.ALLOWALL)
      .addMetaTag('viewport', 'width=device-width, initial-scale=1');
    expect(out.getTitle()).toBe('Nhập tiến độ');
    expect(out.getWidth()).toBe(420);
    expect(out.getHeight()).toBe(300);
    expect(out.getFaviconUrl()).toBe('https://example.com/f.png');
    expect(out.getMetaTags().map((m) => [m.getName(), m.getContent()])).toEqual([['viewport', 'width=device-width, initial-scale=1']]);
    expect(() => out.addMetaTag('description', 'x')).toThrow(/Invalid argument/);
    expect(htmlOutputInfo(out)).toMatchObject({ content: '<p>x</p>', title: 'Nhập tiến độ', width: 420, height: 300, xFrameOptionsMode: 'ALLOWALL' });
    expect(htmlOutputInfo(html.createHtmlOutput(''))?.xFrameOptionsMode).toBe('DEFAULT');
  });

  test('from a blob, and back to a blob', () => {
    const env = makeEnv();
    const html = createHtmlService(env);
    const out = html.createHtmlOutput(createUtilities(env).newBlob('<b>đậm</b>', 'text/html'));
    expect(out.getContent()).toBe('<b>đậm</b>');
    const blob = out.getBlob();
    expect(blob.getContentType()).toBe('text/html');
    expect(blob.getDataAsString()).toBe('<b>đậm</b>');
  });
});

describe('HTML files', () => {
  test('createHtmlOutputFromFile finds a file with or without ".html" and does not run scriptlets', () => {
    const html = createHtmlService(makeEnv({ Sidebar: '<p><?= 1 + 1 ?></p>' }));
    expect(html.createHtmlOutputFromFile('Sidebar').getContent()).toBe('<p><?= 1 + 1 ?></p>');
    expect(html.createHtmlOutputFromFile('Sidebar.html').getContent()).toBe('<p><?= 1 + 1 ?></p>');
    expect(html.createTemplateFromFile('Sidebar.html').evaluate().getContent()).toBe('<p>2</p>');
  });

  test("a missing file throws Apps Script's message", () => {
    const html = createHtmlService(makeEnv());
    expect(() => html.createHtmlOutputFromFile('KhongCo')).toThrow('No HTML file named KhongCo was found.');
    expect(() => html.createTemplateFromFile('KhongCo')).toThrow('No HTML file named KhongCo was found.');
  });
});

describe('templates', () => {
  test('properties set on the template are variables; standard scriptlets control the output', () => {
    const html = createHtmlService(makeEnv());
    const t = html.createTemplate('<ul><? for (var i = 0; i < items.length; i++) { ?><li><?= items[i] ?></li><? } ?></ul><? if (!empty) { ?>x<? } ?>');
    t.items = ['Tư pháp', 'Đài truyền thanh'];
    t.empty = true;
    expect(t.evaluate().getContent()).toBe('<ul><li>Tư pháp</li><li>Đài truyền thanh</li></ul>');
  });

  test('<?= ?> escapes HTML in text and attributes; <?!= ?> prints raw', () => {
    const html = createHtmlService(makeEnv());
    const t = html.createTemplate('<p title="<?= v ?>"><?= v ?></p><input value=<?= w ?>><?!= v ?>');
    t.v = '<b>"Sở" & \'Phòng\'</b>';
    t.w = 'a b';
    expect(t.evaluate().getContent()).toBe(
      '<p title="&lt;b&gt;&quot;Sở&quot; &amp; &#39;Phòng&#39;&lt;/b&gt;">&lt;b&gt;&quot;Sở&quot; &amp; &#39;Phòng&#39;&lt;/b&gt;</p>' +
        '<input value=a&#32;b>' +
        '<b>"Sở" & \'Phòng\'</b>',
    );
  });

  test('null and undefined print nothing', () => {
    const html = createHtmlService(makeEnv());
    const t = html.createTemplate('[<?= a ?>][<?= b ?>][<?!= b ?>]');
    t.a = null;
    t.b = undefined;
    expect(t.evaluate().getContent()).toBe('[][][]');
  });

  test('inside <script>, <?= ?> prints JavaScript literals that cannot close the script', () => {
    const html = createHtmlService(makeEnv());
    const t = html.createTemplate('<script>var task = <?= task ?>; var n = <?= n ?>; var s = <?= s ?>;</script><p><?= s ?></p>');
    t.task = { ten: 'Tuyên truyền', ghiChu: '</script><script>alert(1)</script>', xong: false };
    t.n = 8;
    t.s = 'Quý "I" & II';
    const out = t.evaluate().getContent();
    expect(out).toBe(
      '<script>var task = {"ten":"Tuyên truyền","ghiChu":"\\u003c/script\\u003e\\u003cscript\\u003ealert(1)\\u003c/script\\u003e","xong":false}; ' +
        'var n = 8; var s = "Quý \\"I\\" \\u0026 II";</script><p>Quý &quot;I&quot; &amp; II</p>',
    );
    // The printed literal is the value again when run as JavaScript.
    const script = /<script>(.*)<\/script>/.exec(out)![1];
    const ctx: Record<string, unknown> = {};
    vm.runInNewContext(script + ' this.task = task; this.s = s;', ctx);
    expect(ctx.task).toEqual(t.task);
    expect(ctx.s).toBe(t.s);
  });

  test('inside a JavaScript string literal, <?= ?> prints escaped string content without quotes', () => {
    const html = createHtmlService(makeEnv());
    const t = html.createTemplate(`<script>var a = '<?= v ?>'; var b = "<?= v ?>"; // it's fine
var c = <?= v ?>;</script>`);
    t.v = `it's "x"\n</script>`;
    const out = t.evaluate().getContent();
    expect(out).not.toContain('</script>\n');
    const script = /<script>([\s\S]*)<\/script>/.exec(out)![1];
    const ctx: Record<string, unknown> = {};
    vm.runInNewContext(script + '\nthis.a = a; this.b = b; this.c = c;', ctx);
    expect(ctx).toEqual({ a: t.v, b: t.v, c: t.v });
  });

  test('in an event-handler attribute the value is a JavaScript literal, HTML-escaped', () => {
    const html = createHtmlService(makeEnv());
    const t = html.createTemplate('<button onclick="chon(<?= id ?>, <?= ten ?>)">x</button>');
    t.id = 3;
    t.ten = 'Phòng "Nội vụ"';
    expect(t.evaluate().getContent()).toBe('<button onclick="chon(3, &quot;Phòng \\&quot;Nội vụ\\&quot;&quot;)">x</button>');
  });

  test("scriptlets compiled with env.compile see the script's global functions", () => {
    const env = makeEnv({ Page: '<head><?!= include("Style") ?></head><p><?= chao(ten) ?></p>', Style: '<style>p{color:red}</style>' });
    const html = createHtmlService(env);
    // A realm standing in for the sandbox: the script's globals live there, not in Node's.
    const context = vm.createContext({ HtmlService: html });
    vm.runInContext(
      `function chao(t) { return 'Xin chào ' + t; }
       function include(name) { return HtmlService.createHtmlOutputFromFile(name).getContent(); }`,
      context,
    );
    env.compile = (params, body) => vm.runInContext(`(function (${params.join(', ')}) {\n${body}\n})`, context);
    const t = html.createTemplateFromFile('Page');
    t.ten = '<Lan>';
    expect(t.evaluate().getContent()).toBe('<head><style>p{color:red}</style></head><p>Xin chào &lt;Lan&gt;</p>');
    expect(typeof (globalThis as Record<string, unknown>).chao).toBe('undefined');
  });

  test('an error in a scriptlet propagates from evaluate()', () => {
    const html = createHtmlService(makeEnv());
    const t = html.createTemplate('<p><?= khongCo.ten ?></p>');
    expect(() => t.evaluate()).toThrow(/khongCo is not defined/);
    expect(() => html.createTemplate('<p><?= 1 </p>').evaluate()).toThrow(/Unterminated scriptlet/);
  });

  test('getCode holds the scriptlet code; getCodeWithComments adds the template source; getRawContent', () => {
    const html = createHtmlService(makeEnv());
    const src = '<p>\n<? var x = tinh(); ?><?= x ?></p>';
    const t = html.createTemplate(src);
    expect(t.getCode()).toContain('var x = tinh();');
    expect(t.getCode()).not.toContain('//');
    expect(t.getCodeWithComments()).toContain('// <? var x = tinh(); ?>');
    expect(t.getCodeWithComments()).toContain('// <?= x ?>');
    expect(t.getRawContent()).toBe(src);
  });

  test('asTemplate turns an output back into a template; calls are counted under HtmlService', () => {
    const env = makeEnv();
    const html = createHtmlService(env);
    const t = html.createHtmlOutput('<i><?= 2 * 3 ?></i>').asTemplate();
    expect(t.evaluate().getContent()).toBe('<i>6</i>');
    expect(env.calls.count('HtmlTemplate.evaluate')).toBe(1);
    expect(env.calls.count('HtmlOutput.asTemplate')).toBe(1);
    expect(env.calls.byService().HtmlService).toBe(4);
  });
});
