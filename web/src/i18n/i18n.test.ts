import { describe, expect, it } from 'vitest';
import en from './en.json';
import zhCN from './zh-CN.json';

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
});
