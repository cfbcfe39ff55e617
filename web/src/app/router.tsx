import { Navigate, createBrowserRouter } from 'react-router';
import { CancelTwoStepResetPage } from '../features/account-recovery/cancel-two-step-reset-page';
import { ConfirmContactPage } from '../features/account-recovery/confirm-contact-page';
import { FreezePage } from '../features/account-recovery/freeze-page';
import { RecoverPage } from '../features/account-recovery/recover-page';
import { ResetPage } from '../features/account-recovery/reset-page';
import { RevertPage } from '../features/account-recovery/revert-page';
import { UnlockRequestPage } from '../features/account-recovery/unlock-request-page';
import { ApiTokensPage } from '../features/api-tokens/api-tokens-page';
import { AuditPage } from '../features/audit/audit-page';
import { ForgotPasswordPage } from '../features/auth/forgot-password-page';
import { LoginPage } from '../features/auth/login-page';
import { UnlockPage } from '../features/auth/unlock-page';
import { ContactsPage } from '../features/contacts/contacts-page';
import { ContractDetailPage } from '../features/contracts/contract-detail-page';
import { ContractTrashPage } from '../features/contracts/contract-trash-page';
import { ContractsPage } from '../features/contracts/contracts-page';
import { CustomerDetailPage } from '../features/customers/customer-detail-page';
import { CustomerTrashPage } from '../features/customers/customer-trash-page';
import { CustomersPage } from '../features/customers/customers-page';
import { LeadDetailPage } from '../features/leads/lead-detail-page';
import { LeadTrashPage } from '../features/leads/lead-trash-page';
import { LeadsPage } from '../features/leads/leads-page';
import { DealTrashPage } from '../features/deals/deal-trash-page';
import { DealsPage } from '../features/deals/deals-page';
import { HomePage } from '../features/home/home-page';
import { ImportPage } from '../features/imports/import-page';
import { ImportUploadPage } from '../features/imports/import-upload-page';
import { InvitePage } from '../features/invite/invite-page';
import { MailPage } from '../features/mail/mail-page';
import { OutboxPage } from '../features/mail/outbox-page';
import { MembersPage } from '../features/members/members-page';
import { PipelineSettingsPage } from '../features/pipeline/pipeline-settings-page';
import { PoolPage } from '../features/pool/pool-page';
import { PoolRulePage } from '../features/pool/pool-rule-page';
import { PolicyPage } from '../features/policy/policy-page';
import { RecoveryReportPage } from '../features/recovery-report/recovery-report-page';
import { RecoveryPage } from '../features/recovery-settings/recovery-page';
import { SecurityPage } from '../features/security/security-page';
import { SettingsLayout } from '../features/settings/settings-layout';
import { SetupPage } from '../features/setup/setup-page';
import { TasksPage } from '../features/tasks/tasks-page';
import { ReportsPage } from '../features/reports/reports-page';
import { TeamsPage } from '../features/teams/teams-page';
import { TwoStepPage } from '../features/two-step/two-step-page';
import { WebhooksPage } from '../features/webhooks/webhooks-page';
import { AppShell } from './app-shell';
import { NotFoundPage } from './not-found-page';
import { RequireAuth } from './require-auth';
import { RequirePermission } from './require-permission';
import { RootLayout } from './root-layout';
import { RouteError } from './route-error';

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
