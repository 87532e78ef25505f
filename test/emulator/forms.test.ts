/**
 * Contract tests of the FormApp fake (emulator/services/forms.ts) against Google's reference:
 * developers.google.com/apps-script/reference/forms (FormApp, Form, ListItem, TextItem,
 * DateItem, FormResponse.toPrefilledUrl, Form.setDestination) and the spreadsheet form-submit
 * event (developers.google.com/apps-script/guides/triggers/events#form-submit).
 */
import { Env } from '../../emulator/core/env';
import { createWorkbook } from '../../emulator/services/spreadsheet/model';
import { createFormApp, formOfUrl, prefillOfUrl, submitForm, formsState, RESPONSE_SHEET_PREFIX, DEFAULT_CONFIRMATION } from '../../emulator/services/forms';
import { createScriptApp } from '../../emulator/services/script';

function setup() {
  const env = new Env(createWorkbook('Sổ theo dõi'), { now: '2024-03-08T09:30:00+07:00', owner: 'vanphong@gmail.com' });
  const FormApp = createFormApp(env);
  const form = FormApp.create('Cập nhật tiến độ');
  const code = form.addTextItem().setTitle('Mã nhiệm vụ').setRequired(true);
  const status = form.addListItem().setTitle('Trạng thái').setChoiceValues(['Chưa thực hiện', 'Đang thực hiện', 'Hoàn thành']).setRequired(true);
  const day = form.addDateItem().setTitle('Ngày báo cáo');
  return { env, FormApp, form, code, status, day };
}

describe('FormApp', () => {
  test('create: a form in the Drive of the user running the script, accepting responses, no destination', () => {
    const { env, form } = setup();
    expect(form.getTitle()).toBe('Cập nhật tiến độ');
    expect(form.isAcceptingResponses()).toBe(true);
    expect(form.collectsEmail()).toBe(false);
    expect(formsState(env).forms[0].owner).toBe('vanphong@gmail.com');
    expect(() => form.getDestinationId()).toThrow();
    expect(form.getPublishedUrl()).toMatch(/^https:\/\/docs\.google\.com\/forms\/d\/e\/[\w-]+\/viewform$/);
    expect(form.getEditUrl()).toMatch(/^https:\/\/docs\.google\.com\/forms\/d\/[\w-]+\/edit$/);
  });

  test('openById finds the form; an unknown id throws the reference\'s error', () => {
    const { FormApp, form } = setup();
    expect(FormApp.openById(form.getId()).getTitle()).toBe('Cập nhật tiến độ');
    expect(() => FormApp.openById('nope')).toThrow(/No item with the given ID could be found/);
    expect(FormApp.openByUrl(form.getPublishedUrl()).getId()).toBe(form.getId());
  });

  test('items keep their ids, titles, types and choices; getItemById and the typed views check the type', () => {
    const { form, status, code } = setup();
    expect(form.getItems().map((i) => String(i.getType()))).toEqual(['TEXT', 'LIST', 'DATE']);
    const item = form.getItemById(status.getId())!;
    expect(item.getTitle()).toBe('Trạng thái');
    expect(item.asListItem().getChoices().map((c) => c.getValue())).toEqual(['Chưa thực hiện', 'Đang thực hiện', 'Hoàn thành']);
    expect(() => form.getItemById(code.getId())!.asListItem()).toThrow(/cannot be cast/);
    expect(form.getItemById(123)).toBeNull();
  });

  test('ListItem.createResponse refuses a value that is not a choice (reference: "Throws an exception if the value does not match a valid choice")', () => {
    const { status, day } = setup();
    expect(() => status.createResponse('Xong')).toThrow();
    expect(status.createResponse('Hoàn thành').getResponse()).toBe('Hoàn thành');
    expect(day.createResponse(new Date('2024-03-05T00:00:00+07:00')).getResponse()).toBe('2024-03-05');
  });

  test('toPrefilledUrl: the published address with usp=pp_url and one entry.<id> per answered item, URL-encoded', () => {
    const { form, code, status } = setup();
    const url = form.createResponse().withItemResponse(code.createResponse('NV03')).withItemResponse(status.createResponse('Đang thực hiện')).toPrefilledUrl();
    expect(url.startsWith(`${form.getPublishedUrl()}?usp=pp_url&`)).toBe(true);
    expect(prefillOfUrl(url)).toEqual({ [String(code.getId())]: 'NV03', [String(status.getId())]: 'Đang thực hiện' });
    expect(url).not.toContain('Đang thực hiện'); // encoded
  });

  test('setDestination(SPREADSHEET, id): a new first sheet "Câu trả lời biểu mẫu 1" headed by the timestamp and the items', () => {
    const { env, form, FormApp } = setup();
    form.setDestination(FormApp.DestinationType.SPREADSHEET, env.workbook.id);
    expect(form.getDestinationId()).toBe(env.workbook.id);
    const sheet = env.workbook.sheets[0];
    expect(sheet.name).toBe(`${RESPONSE_SHEET_PREFIX}1`);
    expect([1, 2, 3, 4].map((c) => sheet.content(1, c))).toEqual(['Dấu thời gian', 'Mã nhiệm vụ', 'Trạng thái', 'Ngày báo cáo']);
    expect(() => form.setDestination(FormApp.DestinationType.SPREADSHEET, 'another-id')).toThrow();
  });
});

describe('a respondent submits', () => {
  function linked() {
    const t = setup();
    t.form.setDestination(t.FormApp.DestinationType.SPREADSHEET, t.env.workbook.id);
    createScriptApp(t.env).newTrigger('onAnswer').forSpreadsheet(t.env.workbook.id).onFormSubmit().create();
    return t;
  }

  test('the form refuses an empty required item or a value not among the choices, and records nothing', () => {
    const { env, form, status } = linked();
    const record = formOfUrl(env, form.getPublishedUrl())!;
    const fired: string[] = [];
    const r = submitForm(env, record, { [String(status.getId())]: 'Xong' }, (h) => fired.push(h), () => null);
    expect(r.ok).toBe(false);
    expect(r.errors).toEqual({ 'Mã nhiệm vụ': 'Đây là một câu hỏi bắt buộc', 'Trạng thái': 'Lựa chọn không hợp lệ' });
    expect(fired).toEqual([]);
    expect(form.getResponses()).toHaveLength(0);
  });

  test('a response is stored, appended to the destination sheet and fires the spreadsheet\'s form-submit trigger with the event of the reference', () => {
    const { env, form, code, status, day } = linked();
    const record = formOfUrl(env, form.getPublishedUrl())!;
    const events: Record<string, unknown>[] = [];
    const r = submitForm(
      env,
      record,
      { [String(code.getId())]: 'NV03', [String(status.getId())]: 'Đang thực hiện', [String(day.getId())]: '2024-03-05' },
      (handler, e) => events.push({ handler, ...e }),
      (_sheet, row, columns) => ({ row, columns }),
    );
    expect(r).toMatchObject({ ok: true, message: DEFAULT_CONFIRMATION, row: 2 });
    expect(form.getResponses()).toHaveLength(1);
    expect(form.getResponses()[0].getItemResponses().map((x) => x.getResponse())).toEqual(['NV03', 'Đang thực hiện', '2024-03-05']);
    const sheet = env.workbook.sheets[0];
    expect(sheet.content(2, 2)).toBe('NV03');
    expect(sheet.content(2, 4)).toBeInstanceOf(Date);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      handler: 'onAnswer',
      authMode: 'FULL',
      range: { row: 2, columns: 4 },
      values: ['8/3/2024 9:30:00', 'NV03', 'Đang thực hiện', '5/3/2024'],
      namedValues: { 'Dấu thời gian': ['8/3/2024 9:30:00'], 'Mã nhiệm vụ': ['NV03'], 'Trạng thái': ['Đang thực hiện'], 'Ngày báo cáo': ['5/3/2024'] },
    });
    expect(typeof events[0].triggerUid).toBe('string');
  });

  test('a form no longer accepting responses refuses', () => {
    const { env, form } = linked();
    form.setAcceptingResponses(false);
    const r = submitForm(env, formOfUrl(env, form.getPublishedUrl())!, {}, () => undefined, () => null);
    expect(r.ok).toBe(false);
  });
});
