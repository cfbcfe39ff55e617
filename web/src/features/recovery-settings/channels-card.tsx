import { MailOutlined, MobileOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Flex, Popconfirm, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import { formatDateTime } from '../../components/format';
import { isStepUpCancelled, useStepUp } from '../step-up/step-up-context';
import { ChannelDialog, slotKey, type ChannelDialogStart } from './channel-dialog';
import { LastWayBackDialog } from './last-way-back-dialog';
import {
  CHANNEL_SLOTS,
  recoveryApi,
  refreshRecovery,
  slotStateOf,
  type ChannelSlot,
  type RecoveryChannel,
  type SlotState,
} from './recovery-queries';

interface OpenDialog {
  slot: ChannelSlot;
  start: ChannelDialogStart;
  currentAddress: string | null;
}

function StatusTag({ channel }: { channel: RecoveryChannel }) {
  const { t } = useTranslation();
  if (channel.pending) {
    return <Tag color="blue">{t('recoverySettings.status.pending')}</Tag>;
  }
  return channel.verified ? (
    <Tag color="green">{t('recoverySettings.status.verified')}</Tag>
  ) : (
    <Tag color="orange">{t('recoverySettings.status.unverified')}</Tag>
  );
}

export function ChannelsCard({ channels }: { channels: RecoveryChannel[] }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const withStepUp = useStepUp();
  const [dialog, setDialog] = useState<OpenDialog | null>(null);
  const [lastWayBack, setLastWayBack] = useState<{ message: string } | null>(null);

  const slots = CHANNEL_SLOTS.map((slot) => ({ slot, state: slotStateOf(channels, slot) }));
  const emptySlot = slots.find(({ slot, state }) => slot.role === 'backup' && !state.current && !state.pending)?.slot;

  const sendCode = useMutation({
    mutationFn: (channel: RecoveryChannel) => recoveryApi.sendCode(channel.id),
    onSuccess: (_result, channel) => open(channel, 60),
    onError: (error, channel) => {
      if (isApiError(error) && error.code === 'resend_too_soon') {
        open(channel, error.retryAfterSeconds ?? 60);
        return;
      }
      void message.error(error.message);
    },
  });
  const remove = useMutation({
    mutationFn: (channel: RecoveryChannel) => withStepUp(() => recoveryApi.removeChannel(channel.id)),
    onSuccess: (_result, channel) => {
      void refreshRecovery(queryClient);
      void message.success(t('recoverySettings.removed', { address: channel.address }));
    },
    onError: (error) => {
      if (isStepUpCancelled(error)) {
        return;
      }
      if (isApiError(error) && error.code === 'last_way_back') {
        setLastWayBack({ message: error.message });
        return;
      }
      void message.error(error.message);
    },
  });

  function open(channel: RecoveryChannel, resendAfter: number) {
    const slot = CHANNEL_SLOTS.find((candidate) => candidate.kind === channel.kind && candidate.role === channel.role);
    if (slot) {
      // Entering the code of a pending change of the sign-in e-mail ends on the "what happens now" screen.
      const current = channel.pending ? slotStateOf(channels, slot).current : null;
      setDialog({
        slot,
        start: { step: 'code', channelId: channel.id, address: channel.address, resendAfter },
        currentAddress: current?.address ?? null,
      });
    }
  }

  const actionsFor = (slot: ChannelSlot, state: SlotState) => {
    const { current, pending } = state;
    const buttons = [];
    const testId = slotKey(slot);
    if (pending) {
      buttons.push(
        <Button
          key="code"
          size="small"
          type="primary"
          onClick={() => open(pending, 0)}
          data-testid={`${testId}-enter-code`}
        >
          {t('recoverySettings.action.enterCode')}
        </Button>,
      );
    }
    if (current && !current.verified && !pending) {
      buttons.push(
        <Button
          key="verify"
          size="small"
          type="primary"
          loading={sendCode.isPending && sendCode.variables.id === current.id}
          onClick={() => sendCode.mutate(current)}
          data-testid={`${testId}-verify`}
        >
          {t('recoverySettings.action.verify')}
        </Button>,
      );
    }
    // One backup of each kind: a verified backup is replaced by removing it and adding the new one.
    const replaceable = slot.role === 'primary' || !current;
    if (!pending && replaceable) {
      buttons.push(
        <Button
          key="set"
          size="small"
          onClick={() => setDialog({ slot, start: { step: 'address' }, currentAddress: current?.address ?? null })}
          data-testid={`${testId}-${current ? 'change' : 'add'}`}
        >
          {current ? t('recoverySettings.action.change') : t('recoverySettings.action.add')}
        </Button>,
      );
    }
    // The sign-in e-mail cannot be removed, only changed; a pending change of it can be dropped.
    const removable = pending ?? (slot.kind === 'email' && slot.role === 'primary' ? null : current);
    if (removable) {
      buttons.push(
        <Popconfirm
          key="remove"
          title={
            removable.pending
              ? t('recoverySettings.confirmCancel', { address: removable.address })
              : t('recoverySettings.confirmRemove', { address: removable.address })
          }
          description={removable.pending ? undefined : t('recoverySettings.confirmRemoveHint')}
          okText={removable.pending ? t('recoverySettings.action.cancelPending') : t('recoverySettings.action.remove')}
          okButtonProps={{ danger: true }}
          cancelText={t('common.cancel')}
          onConfirm={() => remove.mutate(removable)}
        >
          <Button
            size="small"
            danger
            loading={remove.isPending && remove.variables.id === removable.id}
            data-testid={`${testId}-remove`}
          >
            {removable.pending ? t('recoverySettings.action.cancelPending') : t('recoverySettings.action.remove')}
          </Button>
        </Popconfirm>,
      );
    }
    return buttons;
  };

  return (
    <Card variant="borderless" title={t('recoverySettings.channels.title')}>
      <Typography.Paragraph type="secondary" style={{ marginTop: -4 }}>
        {t('recoverySettings.channels.description')}
      </Typography.Paragraph>
      <Flex vertical>
        {slots.map(({ slot, state }, index) => (
          <Flex
            key={slotKey(slot)}
            data-testid={`channel-${slotKey(slot)}`}
            align="center"
            justify="space-between"
            gap={16}
            wrap
            style={{ padding: '14px 0', borderTop: index === 0 ? undefined : '1px solid rgba(5, 5, 5, 0.06)' }}
          >
            <Flex gap={14} align="flex-start" style={{ minWidth: 0, flex: '1 1 320px' }}>
              <span style={{ fontSize: 20, opacity: 0.6, paddingTop: 2 }}>
                {slot.kind === 'email' ? <MailOutlined /> : <MobileOutlined />}
              </span>
              <div style={{ minWidth: 0 }}>
                <Flex gap={8} align="center" wrap>
                  <Typography.Text strong>{t(`recoverySettings.slot.${slotKey(slot)}`)}</Typography.Text>
                  {state.current ? <StatusTag channel={state.current} /> : null}
                  {!state.current && state.pending ? <StatusTag channel={state.pending} /> : null}
                </Flex>
                <Typography.Text
                  type={state.current || state.pending ? undefined : 'secondary'}
                  style={{ display: 'block' }}
                  data-testid={`${slotKey(slot)}-address`}
                >
                  {state.current?.address ?? state.pending?.address ?? t('recoverySettings.notSet')}
                </Typography.Text>
                {state.current && state.pending ? (
                  <Typography.Text type="secondary" style={{ display: 'block', fontSize: 13 }}>
                    {t('recoverySettings.pendingChange', { address: state.pending.address })}
                  </Typography.Text>
                ) : null}
                {state.current?.verifiedAt ? (
                  <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                    {t('recoverySettings.verifiedAt', { time: formatDateTime(state.current.verifiedAt) })}
                  </Typography.Text>
                ) : null}
                {!state.current && !state.pending ? (
                  <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                    {t(`recoverySettings.slotHint.${slotKey(slot)}`)}
                  </Typography.Text>
                ) : null}
              </div>
            </Flex>
            <Flex gap={8} wrap justify="flex-end">
              {actionsFor(slot, state)}
            </Flex>
          </Flex>
        ))}
      </Flex>
      {dialog ? (
        <ChannelDialog
          slot={dialog.slot}
          start={dialog.start}
          currentAddress={dialog.currentAddress}
          onClose={() => setDialog(null)}
        />
      ) : null}
      <LastWayBackDialog
        open={lastWayBack !== null}
        reason={lastWayBack?.message ?? ''}
        canAdd={emptySlot !== undefined}
        onAdd={() => {
          setLastWayBack(null);
          if (emptySlot) {
            setDialog({ slot: emptySlot, start: { step: 'address' }, currentAddress: null });
          }
        }}
        onClose={() => setLastWayBack(null)}
      />
    </Card>
  );
}
