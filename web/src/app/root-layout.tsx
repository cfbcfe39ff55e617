import { Button, Result, Spin } from 'antd';
import { useEffect } from 'react';
import { Navigate, Outlet, useLocation, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { onSessionExpired } from '../api/session-expiry';
import { meQueryKey, useSetupStatus } from '../features/auth/session-queries';
import { PageSuspense } from './lazy-page';

/** While the session or a page's code loads; `data-page-loading` tells tests (and their screenshots) to wait. */
export function FullPageSpinner() {
  return (
    <div
      data-page-loading
      style={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center' }}
    >
      <Spin size="large" />
    </div>
  );
}

/** Sends a fresh installation to /setup, and everyone else away from it. */
export function RootLayout() {
  const { t } = useTranslation();
  const location = useLocation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const setupStatus = useSetupStatus();

  useEffect(() => {
    onSessionExpired(() => {
      queryClient.setQueryData(meQueryKey, null);
      if (window.location.pathname !== '/login') {
        void navigate('/login', { replace: true, state: { from: window.location.pathname, expired: true } });
      }
    });
  }, [navigate, queryClient]);

  if (setupStatus.isPending) {
    return <FullPageSpinner />;
  }
  if (setupStatus.isError) {
    return (
      <Result
        status="warning"
        title={t('common.serverUnavailable')}
        subTitle={setupStatus.error.message}
        extra={<Button onClick={() => void setupStatus.refetch()}>{t('common.retry')}</Button>}
      />
    );
  }
  const onSetupPage = location.pathname === '/setup';
  if (setupStatus.data.needsSetup && !onSetupPage) {
    return <Navigate to="/setup" replace />;
  }
  if (!setupStatus.data.needsSetup && onSetupPage) {
    return <Navigate to="/" replace />;
  }
  return (
    <PageSuspense fullPage>
      <Outlet />
    </PageSuspense>
  );
}
