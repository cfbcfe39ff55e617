import type { SecurityPolicy } from '../orgs/security-policy.schema.ts';
import type { UserRow } from '../users/user.service.ts';
import type { Channel, RecoveryChannelService } from './recovery-channels.ts';

/** Independent ways back the app asks everyone to have (issue 3: "fewer than two → banner"). */
export const WAYS_BACK_NEEDED = 2;

/** Distinct verified mailboxes and numbers, plus `factorWays` (each TOTP device, each passkey, a recovery-code set). */
export function countWaysBack(channels: Channel[], factorWays = 0): number {
  return new Set(channels.map((channel) => `${channel.kind}:${channel.address}`)).size + factorWays;
}

/** The admin asked for two ways back (org policy or this user) and the account has fewer. */
export function isRecoverySetupRequired(policy: SecurityPolicy, user: Pick<UserRow, 'recoverySetupRequired'>, ways: number): boolean {
  return (policy.recovery.requireTwoWaysBack || user.recoverySetupRequired) && ways < WAYS_BACK_NEEDED;
}

/** `Me.recovery`: one query (backup addresses; primaries are on the user row) plus the factor count from the caller. */
export async function recoverySummary(channels: RecoveryChannelService, user: UserRow, policy: SecurityPolicy, factorWays = 0): Promise<{ ways: number; setupRequired: boolean }> {
  const ways = countWaysBack(await channels.verifiedChannels(user), factorWays);
  return { ways, setupRequired: isRecoverySetupRequired(policy, user, ways) };
}
