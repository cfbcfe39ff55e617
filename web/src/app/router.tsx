import { Navigate, createBrowserRouter } from 'react-router';
import { AuditPage } from '../features/audit/audit-page';
import { ForgotPasswordPage } from '../features/auth/forgot-password-page';
import { LoginPage } from '../features/auth/login-page';
import { UnlockPage } from '../features/auth/unlock-page';
import { HomePage } from '../features/home/home-page';
import { InvitePage } from '../features/invite/invite-page';
import { MailPage } from '../features/mail/mail-page';
import { OutboxPage } from '../features/mail/outbox-page';
import { MembersPage } from '../features/members/members-page';
import { PolicyPage } from '../features/policy/policy-page';
import { SecurityPage } from '../features/security/security-page';
import { SettingsLayout } from '../features/settings/settings-layout';
import { SetupPage } from '../features/setup/setup-page';
import { AppShell } from './app-shell';
import { NotFoundPage } from './not-found-page';
import { RequireAuth } from './require-auth';
import { RequirePermission } from './require-permission';
import { RootLayout } from './root-layout';

export function createAppRouter() {
  return createBrowserRouter([
    {
      element: <RootLayout />,
      children: [
        { path: '/setup', element: <SetupPage /> },
        { path: '/login', element: <LoginPage /> },
        { path: '/forgot', element: <ForgotPasswordPage /> },
        { path: '/unlock', element: <UnlockPage /> },
        { path: '/invite', element: <InvitePage /> },
        {
          element: <RequireAuth />,
          children: [
            {
              element: <AppShell />,
              children: [
                { index: true, element: <HomePage /> },
                {
                  path: 'settings',
                  element: <SettingsLayout />,
                  children: [
                    { index: true, element: <Navigate to="security" replace /> },
                    { path: 'security', element: <SecurityPage /> },
                    {
                      path: 'policy',
                      element: (
                        <RequirePermission permission="settings.security">
                          <PolicyPage />
                        </RequirePermission>
                      ),
                    },
                    {
                      path: 'members',
                      element: (
                        <RequirePermission permission="members.read">
                          <MembersPage />
                        </RequirePermission>
                      ),
                    },
                    {
                      path: 'audit',
                      element: (
                        <RequirePermission permission="audit.read">
                          <AuditPage />
                        </RequirePermission>
                      ),
                    },
                    {
                      path: 'mail',
                      element: (
                        <RequirePermission permission="mail.manage">
                          <MailPage />
                        </RequirePermission>
                      ),
                    },
                    {
                      path: 'outbox',
                      element: (
                        <RequirePermission permission="outbox.read">
                          <OutboxPage />
                        </RequirePermission>
                      ),
                    },
                  ],
                },
                { path: '*', element: <NotFoundPage /> },
              ],
            },
          ],
        },
      ],
    },
  ]);
}
