/** The plan as the rest of the server sees it: three sheets read once each, resolved in core. */
import { SHEETS } from '../core/schema';
import { readPlan } from '../core/plan';
import type { Person, Problem, Settings, Task } from '../core/types';
import { readSheet, type Sheet, type Spreadsheet } from './sheets';
import { settingsFromValues } from './settings';

export interface LoadedPlan {
  settings: Settings;
  tasks: Task[];
  people: Person[];
  problems: Problem[];
  planSheet: Sheet | null;
  peopleSheet: Sheet | null;
  planValues: unknown[][];
  peopleValues: unknown[][];
}

export function loadPlan(ss: Spreadsheet): LoadedPlan {
  const settingsRead = settingsFromValues(readSheet(ss.getSheetByName(SHEETS.settings)));
  const planSheet = ss.getSheetByName(SHEETS.plan);
  const peopleSheet = ss.getSheetByName(SHEETS.people);
  const planValues = readSheet(planSheet);
  const peopleValues = readSheet(peopleSheet);
  const read = readPlan(planValues, peopleValues, settingsRead.settings);
  return {
    settings: settingsRead.settings,
    tasks: read.tasks,
    people: read.people,
    problems: [...settingsRead.problems, ...read.problems],
    planSheet,
    peopleSheet,
    planValues,
    peopleValues,
  };
}
