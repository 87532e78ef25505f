/**
 * The spreadsheet's Ui (SpreadsheetApp.getUi()): menus, alerts, prompts, sidebars and dialogs.
 * Nothing is shown: each is recorded in `env.ui`, and alerts and prompts take their answers
 * from `env.uiAnswers` (first in, first used; default OK, or YES for YES_NO sets).
 */
import type { Env, MenuItemRecord, MenuRecord, UiEvent } from '../core/env';
import { instrument, raw, registerService } from '../core/calls';
import { enumOf, exception, invalidArgument, wrap, type SelfAware } from './base';
import { htmlOutputInfo } from './html';

registerService('Ui', ['Ui', 'Menu', 'PromptResponse']);

export const Button = enumOf(['CLOSE', 'OK', 'CANCEL', 'YES', 'NO'] as const);
export const ButtonSet = enumOf(['OK', 'OK_CANCEL', 'YES_NO', 'YES_NO_CANCEL'] as const);
type ButtonName = keyof typeof Button;
type ButtonSetName = keyof typeof ButtonSet;

const BUTTONS_OF: Record<ButtonSetName, ButtonName[]> = {
  OK: ['OK'],
  OK_CANCEL: ['OK', 'CANCEL'],
  YES_NO: ['YES', 'NO'],
  YES_NO_CANCEL: ['YES', 'NO', 'CANCEL'],
};

/** Apps Script's message when a trigger or web app asks for the Ui. */
export const UI_CONTEXT_MESSAGE = 'Cannot call SpreadsheetApp.getUi() from this context.';

/** Google Sheets shows sidebars 300 px wide, whatever setWidth says. */
export const SIDEBAR_WIDTH = 300;

class FakeMenu implements Pick<GoogleAppsScript.Base.Menu, 'addItem' | 'addSeparator' | 'addSubMenu' | 'addToUi'>, SelfAware {
  _self: unknown = this;
  readonly _record: MenuRecord;

  constructor(
    private readonly _env: Env,
    caption: string,
  ) {
    this._record = { caption, items: [] };
  }

  private _out(): GoogleAppsScript.Base.Menu {
    return this._self as GoogleAppsScript.Base.Menu;
  }

  addItem(caption: string, functionName: string): GoogleAppsScript.Base.Menu {
    const item: MenuItemRecord = { caption: String(caption), functionName: String(functionName) };
    this._record.items.push(item);
    return this._out();
  }

  addSeparator(): GoogleAppsScript.Base.Menu {
    this._record.items.push({ separator: true });
    return this._out();
  }

  addSubMenu(menu: GoogleAppsScript.Base.Menu): GoogleAppsScript.Base.Menu {
    const sub = raw(menu as object);
    if (!(sub instanceof FakeMenu)) throw invalidArgument('menu');
    this._record.items.push(sub._record);
    return this._out();
  }

  addToUi(): void {
    this._env.ui.push({ kind: 'menu', title: this._record.caption, menu: structuredClone(this._record) });
  }
}

class FakePromptResponse implements Pick<GoogleAppsScript.Base.PromptResponse, 'getResponseText' | 'getSelectedButton'> {
  constructor(
    private readonly _text: string,
    private readonly _button: ButtonName,
  ) {}

  getResponseText(): string {
    return this._text;
  }

  getSelectedButton(): GoogleAppsScript.Base.Button {
    return this._button as unknown as GoogleAppsScript.Base.Button;
  }
}

/** Reads (title, prompt, buttons) from the one-, two- and three-argument forms. */
function dialogArgs(args: unknown[]): { title: string; message: string; buttons: ButtonSetName } {
  let title = '';
  let message: unknown;
  let buttons: unknown = 'OK';
  if (args.length >= 3) [title, message, buttons] = [String(args[0]), args[1], args[2]];
  else if (args.length === 2) [message, buttons] = args;
  else [message] = args;
  const set = String(buttons);
  if (!Object.prototype.hasOwnProperty.call(BUTTONS_OF, set)) throw invalidArgument('buttons');
  return { title, message: String(message ?? ''), buttons: set as ButtonSetName };
}

type UiMethods =
  | 'alert'
  | 'prompt'
  | 'createMenu'
  | 'createAddonMenu'
  | 'showSidebar'
  | 'showModalDialog'
  | 'showModelessDialog'
  | 'Button'
  | 'ButtonSet';

class FakeUi implements Pick<GoogleAppsScript.Base.Ui, UiMethods> {
  readonly Button = Button as unknown as typeof GoogleAppsScript.Base.Button;
  readonly ButtonSet = ButtonSet as unknown as typeof GoogleAppsScript.Base.ButtonSet;

  constructor(private readonly _env: Env) {}

  /** The next queued answer, checked against the buttons shown (CLOSE is always possible). */
  private _answer(set: ButtonSetName): { button: ButtonName; text: string } {
    const next = this._env.uiAnswers.shift();
    if (!next) return { button: BUTTONS_OF[set][0], text: '' };
    const button = String(next.button) as ButtonName;
    if (button !== 'CLOSE' && !BUTTONS_OF[set].includes(button)) {
      throw new Error(`Emulator: the queued answer ${button} is not a button of ButtonSet.${set}.`);
    }
    return { button, text: next.text ?? '' };
  }

  alert(...args: unknown[]): GoogleAppsScript.Base.Button {
    const { title, message, buttons } = dialogArgs(args);
    const { button } = this._answer(buttons);
    this._env.ui.push({ kind: 'alert', title, message, answer: button });
    return button as unknown as GoogleAppsScript.Base.Button;
  }

  prompt(...args: unknown[]): GoogleAppsScript.Base.PromptResponse {
    const { title, message, buttons } = dialogArgs(args);
    const { button, text } = this._answer(buttons);
    this._env.ui.push({ kind: 'prompt', title, message, answer: button });
    return instrument(new FakePromptResponse(text, button), 'PromptResponse', this._env) as unknown as GoogleAppsScript.Base.PromptResponse;
  }

  createMenu(caption: string): GoogleAppsScript.Base.Menu {
    return wrap(new FakeMenu(this._env, String(caption)), 'Menu', this._env) as unknown as GoogleAppsScript.Base.Menu;
  }

  /** The add-on's menu under Extensions; its caption is the add-on's name (empty here). */
  createAddonMenu(): GoogleAppsScript.Base.Menu {
    return wrap(new FakeMenu(this._env, ''), 'Menu', this._env) as unknown as GoogleAppsScript.Base.Menu;
  }

  showSidebar(userInterface: GoogleAppsScript.HTML.HtmlOutput): void {
    const page = pageOf(userInterface);
    this._env.ui.push({ kind: 'sidebar', title: page.title, html: page.content, width: SIDEBAR_WIDTH });
  }

  showModalDialog(userInterface: GoogleAppsScript.HTML.HtmlOutput, title: string): void {
    this._env.ui.push(dialogEvent('dialog', userInterface, title));
  }

  showModelessDialog(userInterface: GoogleAppsScript.HTML.HtmlOutput, title: string): void {
    this._env.ui.push(dialogEvent('modelessDialog', userInterface, title));
  }
}

function pageOf(userInterface: unknown): { content: string; title: string; width: number | null; height: number | null } {
  const info = htmlOutputInfo(userInterface);
  if (info) return info;
  const o = userInterface as Partial<GoogleAppsScript.HTML.HtmlOutput> | null;
  if (o && typeof o.getContent === 'function') {
    return { content: o.getContent(), title: o.getTitle?.() ?? '', width: o.getWidth?.() ?? null, height: o.getHeight?.() ?? null };
  }
  throw invalidArgument('userInterface');
}

function dialogEvent(kind: 'dialog' | 'modelessDialog', userInterface: unknown, title: unknown): UiEvent {
  const page = pageOf(userInterface);
  const event: UiEvent = { kind, title: String(title ?? ''), html: page.content };
  if (page.width !== null) event.width = page.width;
  if (page.height !== null) event.height = page.height;
  return event;
}

/**
 * The Ui, for SpreadsheetApp.getUi(). Throws Apps Script's error outside the Sheet's UI
 * (time-driven triggers, the web app), where there is no Ui to show anything on.
 */
export function createUi(env: Env): GoogleAppsScript.Base.Ui {
  if (env.context !== 'ui') throw exception(UI_CONTEXT_MESSAGE);
  return instrument(new FakeUi(env), 'Ui', env) as unknown as GoogleAppsScript.Base.Ui;
}
