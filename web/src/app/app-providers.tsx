import { LoadingOutlined } from '@ant-design/icons';
import { QueryClientProvider } from '@tanstack/react-query';
import type { QueryClient } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { useEffect, useRef } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { setDayjsLanguage } from '../components/format';
import { normalizeLanguage } from '../i18n/language';
import { useAppTheme } from './theme';

interface AppProvidersProps {
  queryClient: QueryClient;
  children: ReactNode;
}

export function AppProviders({ queryClient, children }: AppProvidersProps) {
  const { i18n } = useTranslation();
  const theme = useAppTheme();
  const language = normalizeLanguage(i18n.resolvedLanguage ?? i18n.language);
  setDayjsLanguage(language);

  const previousLanguage = useRef(language);
  useEffect(() => {
    document.documentElement.lang = language;
    if (previousLanguage.current === language) {
      return;
    }
    previousLanguage.current = language;
    // Server-translated messages in the cache are in the old language; fetch them again.
    void queryClient.invalidateQueries({ predicate: (query) => query.queryKey[0] !== 'me' });
  }, [language, queryClient]);

  return (
    <QueryClientProvider client={queryClient}>
      <ConfigProvider
        locale={language === 'zh-CN' ? zhCN : enUS}
        theme={theme}
        // A plain loading icon: antd's animated one can get stuck in its leave animation after a quick request,
        // leaving an invisible "loading" label in the button's accessible name.
        button={{ autoInsertSpace: false, loadingIcon: <LoadingOutlined /> }}
      >
        <AntApp>{children}</AntApp>
      </ConfigProvider>
    </QueryClientProvider>
  );
}
