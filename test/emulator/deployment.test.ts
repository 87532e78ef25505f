/**
 * ScriptApp.getService().getUrl() per context (developers.google.com/apps-script/reference/script/service#getUrl():
 * "Returns the URL of the web app, if it has been deployed; otherwise returns null. If you are
 * running the development mode web app, this returns the development mode url").
 */
import { loadSandbox } from '../support/sandbox';

const EXEC = 'https://script.google.com/macros/s/AKfycbx1234567890abcdefghij/exec';
const DEV = 'https://script.google.com/macros/s/AKfycbx1234567890abcdefghij/dev';

function urlIn(context: 'ui' | 'trigger' | 'webapp', webAppUrl: string | null) {
  const { sandbox } = loadSandbox({ webAppUrl });
  sandbox.evaluate('globalThis.probeUrl = function () { return [ScriptApp.getService().getUrl(), ScriptApp.getService().isEnabled()]; }');
  return sandbox.call('probeUrl', [], { context });
}

describe('ScriptApp.getService()', () => {
  test('the editor, a menu and a trigger get the head deployment\'s /dev address', () => {
    expect(urlIn('ui', EXEC)).toEqual([DEV, true]);
    expect(urlIn('trigger', EXEC)).toEqual([DEV, true]);
  });

  test('the web app served at /exec gets the /exec address', () => {
    expect(urlIn('webapp', EXEC)).toEqual([EXEC, true]);
  });

  test('without a deployment: null everywhere, and not enabled', () => {
    for (const c of ['ui', 'trigger', 'webapp'] as const) expect(urlIn(c, null)).toEqual([null, false]);
  });
});
