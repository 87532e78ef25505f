/** Plain data the pure-core tests share. */
import { defaultSettings } from '../../src/core/settings';
import type { Settings } from '../../src/core/types';

/**
 * The product's default settings (what a fresh "Cài đặt" holds), with a plan number and a real
 * office address, and the test's own overrides.
 */
export function testSettings(over: Partial<Settings> = {}): Settings {
  return { ...defaultSettings(), planNumber: '12/KH-UBND', officeEmail: 'vanphong@tanviet.gov.vn', ...over };
}
