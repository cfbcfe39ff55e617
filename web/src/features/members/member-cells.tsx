import {
  ClockCircleOutlined,
  KeyOutlined,
  LockOutlined,
  SafetyCertificateOutlined,
  StopOutlined,
  WarningOutlined,
} from '@ant-design/icons';
import { Flex, Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { MemberListItem, MemberStatus } from '../../api/types';
import { formatDateTime } from '../../components/format';
import { RECOVERY_WAYS_GOAL, passwordAgeDays, twoStepKeyOf } from './member-filters';

const STATUS_COLORS: Record<MemberStatus, string> = {
  active: 'green',
  invited: 'blue',
  deactivated: 'default',
  frozen: 'geekblue',
};

/** The member's status, plus "locked" and a scheduled deactivation when they apply. */
export function MemberStatusTags({ member }: { member: MemberListItem }) {
  const { t } = useTranslation();
  const gone = member.status === 'deactivated';
  return (
    <Flex vertical gap={4} align="flex-start">
      <Tag color={STATUS_COLORS[member.status]} icon={member.status === 'frozen' ? <StopOutlined /> : undefined}>
        {t(`members.status.${member.status}`)}
      </Tag>
      {member.locked && !gone ? (
        <Tooltip title={t('members.lockedHint')}>
          <Tag color="red" icon={<LockOutlined />}>
            {t('members.locked')}
          </Tag>
        </Tooltip>
      ) : null}
      {member.deactivateAt !== null && !gone ? (
        <Tooltip title={t('members.scheduledHint')}>
          <Tag
            color="orange"
            icon={<ClockCircleOutlined />}
            data-testid="scheduled-deactivation"
            // Wraps to two lines rather than widening the whole column.
            style={{ whiteSpace: 'normal', maxWidth: 150 }}
          >
            {t('members.scheduledTag', { time: formatDateTime(member.deactivateAt) })}
          </Tag>
        </Tooltip>
      ) : null}
    </Flex>
  );
}

/**
 * Enrolled methods, "not set up", or "must set up again" after an admin's reset; below it, a reset still waiting out
 * its cool-down. `compact`: for the table, where no column title says what "not set up" is about.
 */
export function TwoStepSummary({ member, compact = false }: { member: MemberListItem; compact?: boolean }) {
  const { t } = useTranslation();
  const pendingAt = member.twoStep.resetEffectiveAt;
  const pending =
    pendingAt !== null ? (
      <Tooltip title={t('members.twoStep.resetPendingHint')}>
        <Tag
          color="orange"
          icon={<ClockCircleOutlined />}
          data-testid="two-step-reset-pending"
          // Wraps to two lines rather than widening the whole column.
          style={{ whiteSpace: 'normal', maxWidth: compact ? 150 : undefined }}
        >
          {t('members.twoStep.resetPending', { time: formatDateTime(pendingAt) })}
        </Tag>
      </Tooltip>
    ) : null;
  const summary = <TwoStepState member={member} compact={compact} />;
  return pending ? (
    <Flex vertical gap={4} align="flex-start">
      {summary}
      {pending}
    </Flex>
  ) : (
    summary
  );
}

function TwoStepState({ member, compact }: { member: MemberListItem; compact: boolean }) {
  const { t } = useTranslation();
  const key = twoStepKeyOf(member);
  if (key === 'reenrol') {
    return (
      <Tooltip title={t('members.twoStep.reenrolHint')}>
        <Tag color="orange" icon={<WarningOutlined />}>
          {t('members.twoStep.reenrol')}
        </Tag>
      </Tooltip>
    );
  }
  if (key === 'not_set_up') {
    return (
      <Typography.Text type="secondary">
        {compact ? t('members.security.noTwoStep') : t('members.twoStep.notSetUp')}
      </Typography.Text>
    );
  }
  return (
    <Flex gap={4} wrap>
      {member.twoStep.methods.map((method) => (
        <Tag key={method} color="green" icon={<SafetyCertificateOutlined />}>
          {t(`members.twoStep.method.${method}`)}
        </Tag>
      ))}
    </Flex>
  );
}

/** Ways back into the account; fewer than two is a warning (one lost phone or mailbox and they are locked out). */
export function RecoveryReadiness({ member }: { member: MemberListItem }) {
  const { t } = useTranslation();
  if (member.status === 'invited' || member.status === 'deactivated') {
    return <Typography.Text type="secondary">—</Typography.Text>;
  }
  const short = member.recoveryWays < RECOVERY_WAYS_GOAL;
  return (
    <Tooltip title={short ? t('members.recoveryReadiness.shortHint', { goal: RECOVERY_WAYS_GOAL }) : undefined}>
      <Typography.Text type={short ? 'warning' : undefined} style={{ whiteSpace: 'nowrap' }}>
        {short ? <WarningOutlined style={{ marginInlineEnd: 6 }} /> : null}
        {t('members.recoveryReadiness.ways', { count: member.recoveryWays })}
      </Typography.Text>
    </Tooltip>
  );
}

/** Days since the password was set, and "change required" when an admin asked for a new one. */
export function PasswordAge({ member, compact = false }: { member: MemberListItem; compact?: boolean }) {
  const { t } = useTranslation();
  const days = passwordAgeDays(member);
  if (compact && days === null && !member.passwordChangeRequired) {
    return null;
  }
  return (
    <Flex gap={4} wrap align="center">
      {days === null ? (
        <Typography.Text type="secondary">—</Typography.Text>
      ) : (
        <Tooltip title={t('members.passwordAge.changedAt', { time: formatDateTime(member.passwordChangedAt) })}>
          <span style={{ whiteSpace: 'nowrap' }}>
            {days === 0
              ? t(compact ? 'members.security.passwordToday' : 'members.passwordAge.today')
              : t(compact ? 'members.security.password' : 'members.passwordAge.days', { count: days })}
          </span>
        </Tooltip>
      )}
      {member.passwordChangeRequired && member.status !== 'deactivated' ? (
        <Tag color="gold" icon={<KeyOutlined />}>
          {t('members.passwordAge.changeRequired')}
        </Tag>
      ) : null}
    </Flex>
  );
}

/**
 * The table's "sign-in security" cell: two-step, ways back and password age stacked, so the whole row fits the
 * settings page without scrolling sideways (the detail drawer shows each on its own line).
 */
export function MemberSecurity({ member }: { member: MemberListItem }) {
  if (member.status === 'invited' || member.status === 'deactivated') {
    return <Typography.Text type="secondary">—</Typography.Text>;
  }
  return (
    <Flex vertical gap={4} align="flex-start">
      <TwoStepSummary member={member} compact />
      <RecoveryReadiness member={member} />
      <PasswordAge member={member} compact />
    </Flex>
  );
}
