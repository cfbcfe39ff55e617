import i18next from 'i18next';
import LanguageDetector from 'i18next-browser-languagedetector';
import { initReactI18next } from 'react-i18next';
import type { Language } from '../api/types';
import en from './en.json';
import zhCN from './zh-CN.json';
import { LANGUAGE_STORAGE_KEY, SUPPORTED_LANGUAGES, normalizeLanguage } from './language';

export const i18n = i18next.createInstance();

void i18n
  .use(LanguageDetector)
  .use(initReactI18next)
  .init({
    resources: { en: { translation: en }, 'zh-CN': { translation: zhCN } },
    supportedLngs: [...SUPPORTED_LANGUAGES],
    fallbackLng: 'en',
    load: 'currentOnly',
    interpolation: { escapeValue: false },
    returnNull: false,
    // A key without a translation is a defect: it is named in the console, and the end-to-end tests fail on it. A key
    // looked up with a defaultValue (a pipeline stage the organisation named itself, a code from a newer server) may
    // be missing on purpose.
    saveMissing: true,
    missingKeyHandler: (
      _languages,
      _namespace,
      key,
      _fallback,
      _updateMissing,
      options: { defaultValue?: unknown },
    ) => {
      if (options.defaultValue === undefined) console.error(`Missing translation: ${key}`);
    },
    detection: {
      order: ['localStorage', 'navigator'],
      lookupLocalStorage: LANGUAGE_STORAGE_KEY,
      caches: ['localStorage'],
      convertDetectedLanguage: normalizeLanguage,
    },
  });

export function currentLanguage(): Language {
  return normalizeLanguage(i18n.resolvedLanguage ?? i18n.language);
}

export async function changeLanguage(language: Language): Promise<void> {
  await i18n.changeLanguage(language);
}

i18n.on('languageChanged', (language) => {
  document.documentElement.lang = normalizeLanguage(language);
});
