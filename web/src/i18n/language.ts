import type { Language } from '../api/types';

/** localStorage key holding the chosen UI language — and nothing else. */
export const LANGUAGE_STORAGE_KEY = 'clientele.lang';

export const SUPPORTED_LANGUAGES: readonly Language[] = ['en', 'zh-CN'];

/** Maps any browser or stored language tag onto a supported one: zh* → zh-CN, everything else → en. */
export function normalizeLanguage(tag: string | null | undefined): Language {
  return tag && tag.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}
