import { parseWebAppAddress, webAppLinkBase } from '../../src/core/webAppAddress';
import { parseSettings } from '../../src/core/settings';
import { SETTING_DEFS } from '../../src/core/schema';

const ID = 'AKfycbzQ1w2e3r4t5y6u7i8o9p0_-asdfghjkl';

describe('"Địa chỉ web app"', () => {
  test('the public /exec address is kept as it is', () => {
    expect(parseWebAppAddress(`https://script.google.com/macros/s/${ID}/exec`)).toEqual({ ok: true, url: `https://script.google.com/macros/s/${ID}/exec`, normalised: false });
  });

  test('a Workspace domain address becomes the public form people outside the domain can open', () => {
    const r = parseWebAppAddress(`  https://script.google.com/a/macros/tanviet.gov.vn/s/${ID}/exec `);
    expect(r).toEqual({ ok: true, url: `https://script.google.com/macros/s/${ID}/exec`, normalised: true });
  });

  test('a trailing slash or query is dropped; the playground\'s local address is accepted', () => {
    expect(webAppLinkBase(`https://script.google.com/macros/s/${ID}/exec/?t=abc`)).toBe(`https://script.google.com/macros/s/${ID}/exec`);
    expect(webAppLinkBase('http://localhost:8080/exec')).toBe('http://localhost:8080/exec');
    expect(webAppLinkBase('http://127.0.0.1:9000/exec')).toBe('http://127.0.0.1:9000/exec');
  });

  test('the /dev address is refused, quoted, with what to do instead', () => {
    const dev = `https://script.google.com/macros/s/${ID}/dev`;
    const r = parseWebAppAddress(dev);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.kind).toBe('dev');
    expect(r.message).toContain(dev);
    expect(r.message).toMatch(/chỉ người sửa dự án mở được/);
    expect(r.message).toMatch(/kết thúc bằng \/exec/);
  });

  test.each([
    ['script.google.com/macros/s/x/exec', 'malformed'],
    ['http://script.google.com/macros/s/' + ID + '/exec', 'malformed'],
    ['https://docs.google.com/spreadsheets/d/1abc/edit', 'malformed'],
    ['https://script.google.com/home/projects/1abc/edit', 'malformed'],
    ['https://evil.example/macros/s/' + ID + '/exec', 'malformed'],
    ['', 'empty'],
    [null, 'empty'],
  ])('%s is not used (%s)', (text, kind) => {
    const r = parseWebAppAddress(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.kind).toBe(kind);
  });

  test('settings: an empty address is a warning, a /dev one an error; neither is used for links', () => {
    const rows = (value: string) => SETTING_DEFS.map((d, i) => ({ label: d.label, value: d.key === 'webAppUrl' ? value : d.defaultText, row: i + 2 }));
    const empty = parseSettings(rows(''));
    expect(empty.settings.webAppUrl).toBe('');
    expect(empty.problems.find((p) => p.message.includes('Địa chỉ web app'))?.severity).toBe('warning');
    const dev = parseSettings(rows(`https://script.google.com/macros/s/${ID}/dev`));
    expect(dev.settings.webAppUrl).toBe('');
    expect(dev.problems.find((p) => p.message.includes('Địa chỉ web app'))?.severity).toBe('error');
    const good = parseSettings(rows(`https://script.google.com/a/macros/x.vn/s/${ID}/exec`));
    expect(good.settings.webAppUrl).toBe(`https://script.google.com/macros/s/${ID}/exec`);
    expect(good.problems.some((p) => p.message.includes('Địa chỉ web app'))).toBe(false);
  });

  test('settings: the sample office email is flagged as a warning', () => {
    const parsed = parseSettings(SETTING_DEFS.map((d, i) => ({ label: d.label, value: d.defaultText, row: i + 2 })));
    const office = parsed.problems.find((p) => p.message.startsWith('Email Văn phòng'));
    expect(office).toMatchObject({ severity: 'warning', row: SETTING_DEFS.findIndex((d) => d.key === 'officeEmail') + 2 });
    expect(office!.message).toMatch(/email mẫu/);
  });
});
