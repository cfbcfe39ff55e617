import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, DatePicker, Form, Modal, Radio, Skeleton, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MemberListItem } from '../../api/types';
import { useMemberDirectory } from '../crm/member-directory';
import { MemberSelect } from '../crm/member-select';
import { describeHandOver, hasRecordsToHandOver, offboardingApi, useOwnedRecords } from '../crm/offboarding-api';
import { contractKeys } from '../contracts/contract-api';
import { dealKeys } from '../deals/deal-api';
import { taskKeys } from '../tasks/task-api';
import { isStepUpCancelled, useStepUp } from '../step-up/step-up-context';
import { defaultDeactivationTime } from './deactivation-time';

interface DeactivateValues {
  when: 'now' | 'scheduled';
  at?: Dayjs;
  /** Who takes over the leaving members' customers (with their contacts), deals, contracts and open tasks. */
  transferTo?: string;
}

interface DeactivateDialogProps {
  /** One member, or several for a bulk action. Mounted only while open. */
  members: MemberListItem[];
  /** Runs the deactivation (`at` = ISO time for a scheduled one); the dialog closes when it settles. */
  onConfirm: (at: string | undefined) => Promise<void>;
  onClose: () => void;
}

/**
 * Deactivate now or at a chosen time (AD-06): sessions end at once and every link sent to the member stops working;
 * the account and its data stay, and reactivation brings the member back with a new password.
 */
export function DeactivateDialog({ members, onConfirm, onClose }: DeactivateDialogProps) {
  const { t, i18n } = useTranslation();
  const [form] = Form.useForm<DeactivateValues>();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const withStepUp = useStepUp();
  const directory = useMemberDirectory();
  const [running, setRunning] = useState(false);
  const [transferError, setTransferError] = useState<string | null>(null);
  const when = Form.useWatch('when', form);
  const transferTo = Form.useWatch('transferTo', form);
  const single = members.length === 1 ? members[0] : undefined;
  const subject = single ? single.name : t('members.bulk.count', { count: members.length });

  // CRM records the leaving members are responsible for: handed to a colleague first, so nothing is left with a
  // member who can no longer sign in.
  const owned = useOwnedRecords(members.map((member) => member.id));
  const ownedLoading = owned.some((query) => query.isPending);
  const ownedError = owned.find((query) => query.isError)?.error ?? null;
  const owners = members
    .map((member, index) => ({ member, records: owned[index]?.data }))
    .filter((entry) => hasRecordsToHandOver(entry.records));
  const leavingIds = new Set(members.map((member) => member.id));
  const successors = directory.assignable.filter((member) => !leavingIds.has(member.id));
  const needsTransfer = owners.length > 0;

  const transferRecords = async (toUserId: string) => {
    const name = directory.nameOf(toUserId) ?? '';
    for (const { member } of owners) {
      const result = await withStepUp(() => offboardingApi.transferAll(member.id, toUserId));
      const records = describeHandOver(t, i18n.language, result);
      void message.success(
        records
          ? t('handOver.transferred', { records, from: member.name, to: name })
          : t('handOver.transferredNothing', { from: member.name }),
      );
    }
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: ['crm-owned'] }),
      queryClient.invalidateQueries({ queryKey: ['customers'] }),
      queryClient.invalidateQueries({ queryKey: ['contacts'] }),
      queryClient.invalidateQueries({ queryKey: dealKeys.all }),
      queryClient.invalidateQueries({ queryKey: contractKeys.all }),
      queryClient.invalidateQueries({ queryKey: taskKeys.all }),
    ]);
  };

  const submit = async (values: DeactivateValues) => {
    setRunning(true);
    setTransferError(null);
    try {
      if (needsTransfer && values.transferTo) {
        try {
          await transferRecords(values.transferTo);
        } catch (error) {
          // Nothing is deactivated while the records could not be handed over; closing the step-up is no failure.
          if (!isStepUpCancelled(error)) {
            setTransferError(error instanceof Error ? error.message : String(error));
          }
          return;
        }
      }
      await onConfirm(
        values.when === 'scheduled' && values.at ? values.at.second(0).millisecond(0).toISOString() : undefined,
      );
      onClose();
    } finally {
      setRunning(false);
    }
  };

  return (
    <Modal
      open
      title={t('members.deactivate.title', { name: subject })}
      okText={when === 'scheduled' ? t('members.deactivate.submitScheduled') : t('members.deactivate.submitNow')}
      okButtonProps={{ danger: true, disabled: ownedLoading }}
      cancelText={t('common.cancel')}
      confirmLoading={running}
      onOk={() => form.submit()}
      onCancel={onClose}
      width={560}
    >
      <Form<DeactivateValues>
        form={form}
        name="deactivate-member"
        layout="vertical"
        requiredMark={false}
        initialValues={{ when: 'now', at: defaultDeactivationTime() }}
        onFinish={(values) => void submit(values)}
        style={{ marginTop: 16 }}
      >
        <Form.Item name="when" label={t('members.deactivate.whenLabel')}>
          <Radio.Group
            options={[
              { value: 'now', label: t('members.deactivate.now') },
              { value: 'scheduled', label: t('members.deactivate.scheduled') },
            ]}
          />
        </Form.Item>
        {when === 'scheduled' ? (
          <Form.Item
            name="at"
            label={t('members.deactivate.atLabel')}
            extra={t('members.deactivate.atHint')}
            rules={[
              { required: true, message: t('members.deactivate.atRequired') },
              {
                validator: (_rule, value: Dayjs | undefined) =>
                  !value || value.isAfter(dayjs())
                    ? Promise.resolve()
                    : Promise.reject(new Error(t('members.deactivate.atPast'))),
              },
            ]}
          >
            <DatePicker
              showTime={{ format: 'HH:mm', minuteStep: 5 }}
              format="YYYY-MM-DD HH:mm"
              disabledDate={(date) => date.isBefore(dayjs().startOf('day'))}
              allowClear={false}
              style={{ width: 220 }}
            />
          </Form.Item>
        ) : null}
        <Alert
          type="warning"
          showIcon
          title={when === 'scheduled' ? t('members.deactivate.effectScheduled') : t('members.deactivate.effectNow')}
          description={t('members.deactivate.effect')}
          style={{ marginBottom: 12 }}
        />
        <Typography.Title level={5} style={{ marginTop: 4 }}>
          {t('members.deactivate.crmTitle')}
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
          {t('members.deactivate.crmNote')}
        </Typography.Paragraph>
        {ownedLoading ? <Skeleton active title={false} paragraph={{ rows: 1 }} /> : null}
        {ownedError ? (
          <Alert
            type="warning"
            showIcon
            title={t('members.deactivate.crmUnknown')}
            description={ownedError.message}
            style={{ marginBottom: 12 }}
          />
        ) : null}
        {!ownedLoading && !ownedError ? (
          <div data-testid="crm-owned">
            {members.map((member, index) => {
              const counts = owned[index]?.data;
              if (!counts) return null;
              const records = describeHandOver(t, i18n.language, counts);
              const successor = transferTo ? directory.nameOf(transferTo) : undefined;
              return (
                <Typography.Paragraph key={member.id} style={{ marginBottom: 4 }}>
                  {!hasRecordsToHandOver(counts)
                    ? t('handOver.ownsNothing', { name: member.name })
                    : successor
                      ? t('handOver.goesTo', { name: member.name, records, to: successor })
                      : t('handOver.owns', { name: member.name, records })}
                </Typography.Paragraph>
              );
            })}
          </div>
        ) : null}
        {needsTransfer ? (
          <Form.Item
            name="transferTo"
            label={t('members.deactivate.crmTransferTo')}
            extra={when === 'scheduled' ? t('members.deactivate.crmTransferOptional') : undefined}
            rules={[{ required: when !== 'scheduled', message: t('members.deactivate.crmTransferRequired') }]}
            style={{ marginTop: 12, marginBottom: 0 }}
          >
            <MemberSelect
              members={successors}
              loading={directory.loading}
              allowClear
              placeholder={t('customers.transfer.toPlaceholder')}
              aria-label={t('members.deactivate.crmTransferTo')}
            />
          </Form.Item>
        ) : null}
        {transferError ? (
          <Alert type="error" showIcon role="alert" title={transferError} style={{ marginTop: 12 }} />
        ) : null}
      </Form>
    </Modal>
  );
}
