import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
// The server's own field list and header recognition: the template must be read back as the fields it names.
import { fieldList, suggestMapping } from '../../../../server/src/crm/imports/import-fields.ts';
import en from '../../i18n/en.json';
import zhCN from '../../i18n/zh-CN.json';
import type { ImportRecordType } from './import-api';
import { IMPORT_FIELDS, cleanMapping, importTemplate, missingRequiredFields } from './import-fields';

const catalogs = { en, 'zh-CN': zhCN } as const;
const recordTypes: ImportRecordType[] = ['customer', 'contact'];

async function translator(language: keyof typeof catalogs) {
  const instance = i18next.createInstance();
  await instance.init({
    lng: language,
    resources: { [language]: { translation: catalogs[language] } },
    returnNull: false,
  });
  return instance.t;
}

describe('import fields', () => {
  it.each(recordTypes)('lists the same %s fields as the server, required ones alike', (recordType) => {
    expect(IMPORT_FIELDS[recordType]).toEqual(fieldList(recordType));
  });

  it.each(
    (Object.keys(catalogs) as (keyof typeof catalogs)[]).flatMap((language) =>
      recordTypes.map((recordType) => [language, recordType] as const),
    ),
  )('writes a %s %s template whose headers the server maps back to every field', async (language, recordType) => {
    const t = await translator(language);
    const bytes = new Uint8Array(await importTemplate(t, recordType).arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes.subarray(3));
    expect(text.endsWith('\r\n')).toBe(true);
    const headers = text.trimEnd().split(',');
    const fields = IMPORT_FIELDS[recordType].map((field) => field.key);
    expect(headers).toHaveLength(fields.length);
    expect(headers.every((header) => header !== '' && !fields.includes(header))).toBe(true);
    expect(suggestMapping(recordType, headers)).toEqual(
      Object.fromEntries(fields.map((field, index) => [String(index), field])),
    );
  });

  it('keeps only existing columns and known fields, each field once', () => {
    const fields = IMPORT_FIELDS.customer;
    expect(cleanMapping({ '0': 'name', '1': 'phone', '2': 'name', '3': 'bogus', '9': 'tags' }, 5, fields)).toEqual({
      '0': 'name',
      '1': 'phone',
    });
    expect(cleanMapping(null, 3, fields)).toEqual({});
  });

  it('names the required fields no column fills', () => {
    expect(missingRequiredFields(IMPORT_FIELDS.contact, { '0': 'name' })).toEqual(['customerName']);
    expect(missingRequiredFields(IMPORT_FIELDS.contact, { '0': 'customerName', '3': 'name' })).toEqual([]);
    expect(missingRequiredFields(IMPORT_FIELDS.customer, {})).toEqual(['name']);
  });
});
