/**
 * One Editor add-on installed in several spreadsheets: what the installations share and what
 * each document keeps to itself, as Apps Script has it for an add-on
 * (developers.google.com/apps-script/guides/properties, /reference/lock/lock-service,
 * /workspace/add-ons/concepts/editor-triggers):
 *   - shared by every installation: the Script Properties, each user's User Properties, and
 *     the project's triggers (each owned by a user, associated with the document it was made in);
 *   - per document: the spreadsheet, its Document Properties, and (here) the other services'
 *     state of that office (its outbox, Drive, forms).
 * Each `open()` gives an Env (addon: true) for one spreadsheet; run the add-on's bundle in it
 * with a Sandbox. Executions in different Envs do not share locks in the emulator: the add-on
 * holds the document lock, which is per document anyway.
 */
import { Env, type EmulatorState, type EnvOptions } from './core/env';
import { createWorkbook, type Workbook } from './services/spreadsheet/model';

export class AddonInstallations {
  readonly scriptProperties: Record<string, string> = {};
  readonly userProperties: Record<string, Record<string, string>> = {};
  readonly triggers: EmulatorState['triggers'] = [];
  /** The Envs opened, by spreadsheet id. */
  readonly documents = new Map<string, Env>();

  /** An Env for the add-on in `workbook` (a new spreadsheet named `name` when none is given). */
  open(options: Omit<EnvOptions, 'addon' | 'state'> & { name?: string; workbook?: Workbook } = {}): Env {
    const workbook = options.workbook ?? createWorkbook(options.name ?? 'Theo dõi kế hoạch CCHC');
    const known = this.documents.get(workbook.id);
    if (known) return known;
    const state: EmulatorState = {
      scriptProperties: this.scriptProperties,
      userProperties: this.userProperties,
      documentProperties: {},
      triggers: this.triggers,
      services: {},
    };
    const env = new Env(workbook, { ...options, workbook, state, addon: true });
    this.documents.set(workbook.id, env);
    return env;
  }

  /** The triggers associated with a document (whoever owns them). */
  triggersOf(env: Env): EmulatorState['triggers'] {
    return this.triggers.filter((t) => t.documentId === env.workbook.id || (t as { triggerSourceId?: string }).triggerSourceId === env.workbook.id);
  }
}

/**
 * AuthMode of an add-on's onOpen in this document: NONE until the user has used the add-on here
 * (chosen a menu item), LIMITED after (developers.google.com/workspace/add-ons/concepts/editor-auth-lifecycle).
 * The runner and the playground keep "used" in the project's state.
 */
export function addonOpenAuthMode(env: Env): 'NONE' | 'LIMITED' {
  return env.serviceState<{ enabled: boolean }>('addon', () => ({ enabled: false })).enabled ? 'LIMITED' : 'NONE';
}

/** Records that the user has used the add-on in this document (a menu item, a sidebar). */
export function markAddonUsed(env: Env): void {
  env.serviceState<{ enabled: boolean }>('addon', () => ({ enabled: false })).enabled = true;
}
