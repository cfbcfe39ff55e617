import { GlobalOutlined } from '@ant-design/icons';
import { Select } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Language } from '../api/types';
import { changeLanguage } from '../i18n/i18n';
import { normalizeLanguage } from '../i18n/language';

const LANGUAGE_OPTIONS: { value: Language; label: string }[] = [
  { value: 'en', label: 'English' },
  { value: 'zh-CN', label: '简体中文' },
];

interface LanguageSwitcherProps {
  variant?: 'outlined' | 'borderless';
  /** Called after the UI switched, e.g. to remember the choice on the account. */
  onChanged?: (language: Language) => void;
}

/** Switches the UI language; the choice is remembered in localStorage (`clientele.lang`). */
export function LanguageSwitcher({ variant = 'borderless', onChanged }: LanguageSwitcherProps) {
  const { t, i18n } = useTranslation();
  const current = normalizeLanguage(i18n.resolvedLanguage ?? i18n.language);
  return (
    <Select<Language>
      aria-label={t('common.language')}
      data-testid="language-switcher"
      value={current}
      variant={variant}
      options={LANGUAGE_OPTIONS}
      onChange={(language) => void changeLanguage(language).then(() => onChanged?.(language))}
      prefix={<GlobalOutlined />}
      popupMatchSelectWidth={false}
      style={{ width: variant === 'borderless' ? 128 : 140 }}
    />
  );
}
