import { describe, expect, it } from 'vitest';
import en from './en.json';
import zhCN from './zh-CN.json';
import { settingsKeys } from '../features/settings/settings-keys';

type Catalog = { [key: string]: string | Catalog };

function listKeys(catalog: Catalog, prefix = ''): string[] {
  return Object.entries(catalog).flatMap(([name, value]) => {
    const key = prefix ? `${prefix}.${name}` : name;
    return typeof value === 'string' ? [key] : listKeys(value, key);
  });
}

function listEmptyKeys(catalog: Catalog, prefix = ''): string[] {
  return Object.entries(catalog).flatMap(([name, value]) => {
    const key = prefix ? `${prefix}.${name}` : name;
    if (typeof value === 'string') {
      return value.trim() ? [] : [key];
    }
    return listEmptyKeys(value, key);
  });
}

describe('web translations', () => {
  it('has the same keys in en.json and zh-CN.json', () => {
    const englishKeys = listKeys(en).sort();
    const chineseKeys = listKeys(zhCN).sort();
    expect(
      chineseKeys.filter((key) => !englishKeys.includes(key)),
      'only in zh-CN.json',
    ).toEqual([]);
    expect(
      englishKeys.filter((key) => !chineseKeys.includes(key)),
      'only in en.json',
    ).toEqual([]);
  });

  it('has no empty messages', () => {
    expect(listEmptyKeys(en)).toEqual([]);
    expect(listEmptyKeys(zhCN)).toEqual([]);
  });

  it('names every settings page in the menu and describes it among the home page shortcuts, in both languages', () => {
    for (const catalog of [en, zhCN]) {
      const keys = listKeys(catalog);
      const missing = settingsKeys.flatMap((key) =>
        [`settings.nav.${key}`, `home.shortcut.${key}`].filter((name) => !keys.includes(name)),
      );
      expect(missing).toEqual([]);
    }
  });
});
