import { Navigate, createBrowserRouter } from 'react-router';
import { LoginPage } from '../features/auth/login-page';
import { SettingsLayout } from '../features/settings/settings-layout';
import { AppShell } from './app-shell';
import { NotFoundPage } from './not-found-page';
import { RequireAuth } from './require-auth';
import { RequirePermission } from './require-permission';
import { RootLayout } from './root-layout';
import { RouteError } from './route-error';
import { lazyPage } from './lazy-page';

// Every page but sign-in loads on first visit (lazy-page.tsx).
const CancelTwoStepResetPage = lazyPage(
  () => import('../features/account-recovery/cancel-two-step-reset-page'),
  'CancelTwoStepResetPage',
);
const ConfirmContactPage = lazyPage(
  () => import('../features/account-recovery/confirm-contact-page'),
  'ConfirmContactPage',
);
const FreezePage = lazyPage(() => import('../features/account-recovery/freeze-page'), 'FreezePage');
const RecoverPage = lazyPage(() => import('../features/account-recovery/recover-page'), 'RecoverPage');
const ResetPage = lazyPage(() => import('../features/account-recovery/reset-page'), 'ResetPage');
const RevertPage = lazyPage(() => import('../features/account-recovery/revert-page'), 'RevertPage');
const UnlockRequestPage = lazyPage(
  () => import('../features/account-recovery/unlock-request-page'),
  'UnlockRequestPage',
);
const ApiTokensPage = lazyPage(() => import('../features/api-tokens/api-tokens-page'), 'ApiTokensPage');
const AuditPage = lazyPage(() => import('../features/audit/audit-page'), 'AuditPage');
const HomePage = lazyPage(() => import('../features/home/home-page'), 'HomePage');
const SecurityPage = lazyPage(() => import('../features/security/security-page'), 'SecurityPage');
const ForgotPasswordPage = lazyPage(() => import('../features/auth/forgot-password-page'), 'ForgotPasswordPage');
const UnlockPage = lazyPage(() => import('../features/auth/unlock-page'), 'UnlockPage');
const ContactsPage = lazyPage(() => import('../features/contacts/contacts-page'), 'ContactsPage');
const ContractDetailPage = lazyPage(() => import('../features/contracts/contract-detail-page'), 'ContractDetailPage');
const ContractTrashPage = lazyPage(() => import('../features/contracts/contract-trash-page'), 'ContractTrashPage');
const ContractsPage = lazyPage(() => import('../features/contracts/contracts-page'), 'ContractsPage');
const CustomerDetailPage = lazyPage(() => import('../features/customers/customer-detail-page'), 'CustomerDetailPage');
const CustomerTrashPage = lazyPage(() => import('../features/customers/customer-trash-page'), 'CustomerTrashPage');
const CustomersPage = lazyPage(() => import('../features/customers/customers-page'), 'CustomersPage');
const LeadDetailPage = lazyPage(() => import('../features/leads/lead-detail-page'), 'LeadDetailPage');
const LeadTrashPage = lazyPage(() => import('../features/leads/lead-trash-page'), 'LeadTrashPage');
const LeadsPage = lazyPage(() => import('../features/leads/leads-page'), 'LeadsPage');
const DealTrashPage = lazyPage(() => import('../features/deals/deal-trash-page'), 'DealTrashPage');
const DealsPage = lazyPage(() => import('../features/deals/deals-page'), 'DealsPage');
const ImportPage = lazyPage(() => import('../features/imports/import-page'), 'ImportPage');
const ImportUploadPage = lazyPage(() => import('../features/imports/import-upload-page'), 'ImportUploadPage');
const InvitePage = lazyPage(() => import('../features/invite/invite-page'), 'InvitePage');
const MailPage = lazyPage(() => import('../features/mail/mail-page'), 'MailPage');
const OutboxPage = lazyPage(() => import('../features/mail/outbox-page'), 'OutboxPage');
const MembersPage = lazyPage(() => import('../features/members/members-page'), 'MembersPage');
const PipelineSettingsPage = lazyPage(
  () => import('../features/pipeline/pipeline-settings-page'),
  'PipelineSettingsPage',
);
const PoolPage = lazyPage(() => import('../features/pool/pool-page'), 'PoolPage');
const PoolRulePage = lazyPage(() => import('../features/pool/pool-rule-page'), 'PoolRulePage');
const PolicyPage = lazyPage(() => import('../features/policy/policy-page'), 'PolicyPage');
const RecoveryReportPage = lazyPage(
  () => import('../features/recovery-report/recovery-report-page'),
  'RecoveryReportPage',
);
const RecoveryPage = lazyPage(() => import('../features/recovery-settings/recovery-page'), 'RecoveryPage');
const SetupPage = lazyPage(() => import('../features/setup/setup-page'), 'SetupPage');
const TasksPage = lazyPage(() => import('../features/tasks/tasks-page'), 'TasksPage');
const ReportsPage = lazyPage(() => import('../features/reports/reports-page'), 'ReportsPage');
const TeamsPage = lazyPage(() => import('../features/teams/teams-page'), 'TeamsPage');
const TwoStepPage = lazyPage(() => import('../features/two-step/two-step-page'), 'TwoStepPage');
const WebhooksPage = lazyPage(() => import('../features/webhooks/webhooks-page'), 'WebhooksPage');

/** Settings pages that need a permission; the settings menu (settings-nav.ts) hides the ones a user lacks. */
const guardedSettingsPages = [
  { path: 'api-tokens', permission: 'crm.read', page: <ApiTokensPage /> },
  { path: 'policy', permission: 'settings.security', page: <PolicyPage /> },
  { path: 'members', permission: 'members.read', page: <MembersPage /> },
  { path: 'teams', permission: 'members.read', page: <TeamsPage /> },
  { path: 'pipeline', permission: 'crm.configure', page: <PipelineSettingsPage /> },
  { path: 'pool-rule', permission: 'crm.configure', page: <PoolRulePage /> },
  { path: 'webhooks', permission: 'crm.configure', page: <WebhooksPage /> },
  { path: 'audit', permission: 'audit.read', page: <AuditPage /> },
  { path: 'recovery-report', permission: 'audit.read', page: <RecoveryReportPage /> },
  { path: 'mail', permission: 'mail.manage', page: <MailPage /> },
  { path: 'outbox', permission: 'outbox.read', page: <OutboxPage /> },
] as const;

/** The CRM's pages; every role reads the CRM, the trash needs crm.delete. */
const crmPages = [
  { path: 'customers', permission: 'crm.read', page: <CustomersPage /> },
  { path: 'customers/trash', permission: 'crm.delete', page: <CustomerTrashPage /> },
  { path: 'customers/import', permission: 'crm.write', page: <ImportUploadPage recordType="customer" /> },
  { path: 'customers/imports/:id', permission: 'crm.write', page: <ImportPage /> },
  { path: 'customers/:id', permission: 'crm.read', page: <CustomerDetailPage /> },
  { path: 'pool', permission: 'crm.read', page: <PoolPage /> },
  { path: 'leads', permission: 'crm.read', page: <LeadsPage /> },
  { path: 'leads/trash', permission: 'crm.delete', page: <LeadTrashPage /> },
  { path: 'leads/:id', permission: 'crm.read', page: <LeadDetailPage /> },
  { path: 'contacts', permission: 'crm.read', page: <ContactsPage /> },
  { path: 'contacts/import', permission: 'crm.write', page: <ImportUploadPage recordType="contact" /> },
  { path: 'contacts/imports/:id', permission: 'crm.write', page: <ImportPage /> },
  { path: 'imports/:id', permission: 'crm.write', page: <ImportPage /> },
  { path: 'tasks', permission: 'crm.read', page: <TasksPage /> },
  { path: 'reports', permission: 'reports.read', page: <ReportsPage /> },
  { path: 'deals', permission: 'crm.read', page: <DealsPage /> },
  { path: 'deals/trash', permission: 'crm.delete', page: <DealTrashPage /> },
  { path: 'contracts', permission: 'crm.read', page: <ContractsPage /> },
  { path: 'contracts/trash', permission: 'crm.write', page: <ContractTrashPage /> },
  { path: 'contracts/:id', permission: 'crm.read', page: <ContractDetailPage /> },
] as const;

export function createAppRouter() {
  // Most visits sign in and land on the home page: its code is fetched while the browser is idle, so it opens at once.
  const preloadHome = () => HomePage.preload();
  if ('requestIdleCallback' in window) window.requestIdleCallback(preloadHome);
  else setTimeout(preloadHome, 200);
  return createBrowserRouter([
    {
      element: <RootLayout />,
      errorElement: <RouteError />,
      children: [
        { path: '/setup', element: <SetupPage /> },
        { path: '/login', element: <LoginPage /> },
        { path: '/forgot', element: <ForgotPasswordPage /> },
        { path: '/unlock', element: <UnlockPage /> },
        { path: '/unlock-request', element: <UnlockRequestPage /> },
        { path: '/reset', element: <ResetPage /> },
        { path: '/recover', element: <RecoverPage /> },
        { path: '/freeze', element: <FreezePage /> },
        { path: '/revert', element: <RevertPage /> },
        { path: '/confirm-contact', element: <ConfirmContactPage /> },
        { path: '/cancel-two-step-reset', element: <CancelTwoStepResetPage /> },
        { path: '/invite', element: <InvitePage /> },
        {
          element: <RequireAuth />,
          children: [
            {
              element: <AppShell />,
              children: [
                {
                  // A page that fails keeps the menu and header around its message.
                  errorElement: <RouteError />,
                  children: [
                    { index: true, element: <HomePage /> },
                    ...crmPages.map(({ path, permission, page }) => ({
                      path,
                      element: <RequirePermission permission={permission}>{page}</RequirePermission>,
                    })),
                    {
                      path: 'settings',
                      element: <SettingsLayout />,
                      children: [
                        { index: true, element: <Navigate to="security" replace /> },
                        { path: 'security', element: <SecurityPage /> },
                        { path: 'two-step', element: <TwoStepPage /> },
                        { path: 'recovery', element: <RecoveryPage /> },
                        ...guardedSettingsPages.map(({ path, permission, page }) => ({
                          path,
                          element: <RequirePermission permission={permission}>{page}</RequirePermission>,
                        })),
                      ],
                    },
                    { path: '*', element: <NotFoundPage /> },
                  ],
                },
              ],
            },
          ],
        },
      ],
    },
  ]);
}
