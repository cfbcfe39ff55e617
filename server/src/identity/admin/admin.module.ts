import type { FastifyInstance } from 'fastify';
import type { Config } from '../../config.ts';
import { memberSchema } from '../members/member.routes.ts';
import type { IdentityDependencies } from '../services.ts';
import { AdminActionRegistry } from './admin-actions.ts';
import { registerAdminRoutes } from './admin.routes.ts';
import { ApprovalService } from './approval.service.ts';
import { registerContactReplacement } from './contact-replacement.ts';
import { registerContactConfirmationRoutes } from './contact-replacement.routes.ts';
import { registerLifecycleRoutes } from './lifecycle.routes.ts';
import { registerLifecycleActions } from './lifecycle.service.ts';
import { registerMemberActions } from './member-actions.ts';
import { registerOwnerNoticeRoutes } from './owner-notices.ts';
import { issueAssistedRecoveryLink, recoveryLinkBody } from './recovery-link.service.ts';
import { registerRecoveryLinkRoutes } from './recovery-link.routes.ts';
import { registerRecoveryReportRoutes } from './recovery-report.routes.ts';
import { registerTwoStepResetRoutes } from './two-step-reset.routes.ts';
import { assertNoOpenTwoStepReset } from './two-step-reset.service.ts';

/** Admin console actions on members, the two-person rule and the member's side of recovery links. */
export function registerAdministration(app: FastifyInstance, deps: IdentityDependencies, config: Config) {
  const actions = new AdminActionRegistry();
  registerMemberActions(deps, actions);
  registerContactReplacement(deps, actions);
  registerLifecycleActions(deps, actions);
  actions.register('recovery_link', (input) => issueAssistedRecoveryLink(deps, input, recoveryLinkBody.parse(input.payload)), {
    check: async (member, payload) => {
      if (payload.resetTwoStep === true) await assertNoOpenTwoStepReset(deps, member.id);
    },
  });
  const approvals = new ApprovalService(deps, actions);
  registerAdminRoutes(app, deps, { actions, approvals }, memberSchema);
  registerLifecycleRoutes(app, deps, { actions, approvals });
  registerRecoveryLinkRoutes(app, deps, config);
  registerRecoveryReportRoutes(app, deps);
  registerContactConfirmationRoutes(app, deps);
  registerTwoStepResetRoutes(app, deps, { actions, approvals });
  registerOwnerNoticeRoutes(app, deps);
  return { actions, approvals };
}
