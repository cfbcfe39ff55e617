import { DeleteOutlined, ShareAltOutlined } from '@ant-design/icons';
import { App, Button, Empty, Flex, List, Modal, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormErrorAlert } from '../../components/form-errors';
import { formatDateTime } from '../../components/format';
import { MemberSelect } from '../crm/member-select';
import { useShareCandidates, useShareMutations, useShares, type ShareableKind } from './sharing-api';

interface ShareDialogProps {
  kind: ShareableKind;
  recordId: string;
  /** The record's name or number, for the title. */
  recordLabel: string;
  /** The record's owner: sharing with him would change nothing, so he is not offered. */
  ownerId: string | null;
  onClose: () => void;
}

/** Pick a colleague to share the record with, and see (and end) the current shares. Mounted only while open. */
export function ShareDialog({ kind, recordId, recordLabel, ownerId, onClose }: ShareDialogProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const shares = useShares(kind, recordId);
  const candidates = useShareCandidates();
  const { share, unshare } = useShareMutations(kind, recordId);
  const [picked, setPicked] = useState<string | undefined>();

  const current = shares.data?.items ?? [];
  const sharedIds = new Set(current.map((item) => item.id));
  const choices = (candidates.data?.items ?? []).filter((member) => member.id !== ownerId && !sharedIds.has(member.id));

  const add = () => {
    if (!picked) {
      return;
    }
    const name = choices.find((member) => member.id === picked)?.name ?? '';
    share.mutate([picked], {
      onSuccess: () => {
        setPicked(undefined);
        void message.success(t('sharing.dialog.added', { name }));
      },
    });
  };

  return (
    <Modal
      open
      title={t('sharing.dialog.title', { name: recordLabel })}
      onCancel={onClose}
      footer={<Button onClick={onClose}>{t('sharing.dialog.done')}</Button>}
      destroyOnHidden
      data-testid="share-dialog"
    >
      <Typography.Paragraph type="secondary">{t('sharing.dialog.intro')}</Typography.Paragraph>
      <FormErrorAlert error={share.error ?? unshare.error ?? shares.error ?? candidates.error} />
      <Flex gap={8} style={{ marginBottom: 16 }}>
        <MemberSelect
          members={choices}
          value={picked}
          onChange={setPicked}
          loading={candidates.isPending}
          placeholder={t('sharing.dialog.pick')}
          aria-label={t('sharing.dialog.pick')}
          notFoundContent={t('sharing.dialog.noCandidates')}
          style={{ flex: 1, minWidth: 0 }}
          data-testid="share-member-select"
        />
        <Button type="primary" icon={<ShareAltOutlined />} disabled={!picked} loading={share.isPending} onClick={add}>
          {t('sharing.dialog.add')}
        </Button>
      </Flex>
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        {t('sharing.dialog.current', { count: current.length })}
      </Typography.Title>
      {current.length === 0 && !shares.isPending ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('sharing.dialog.none')} />
      ) : (
        <List
          loading={shares.isPending}
          dataSource={current}
          data-testid="share-list"
          renderItem={(item) => (
            <List.Item
              data-testid="share-item"
              actions={[
                <Button
                  key="remove"
                  type="text"
                  danger
                  icon={<DeleteOutlined />}
                  loading={unshare.isPending && unshare.variables === item.id}
                  aria-label={t('sharing.dialog.remove', { name: item.name })}
                  onClick={() => unshare.mutate(item.id)}
                >
                  {t('sharing.dialog.removeShort')}
                </Button>,
              ]}
            >
              <List.Item.Meta
                title={
                  <Flex gap={6} align="baseline">
                    <span>{item.name}</span>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {t(`roles.${item.role}`, { defaultValue: item.role })}
                    </Typography.Text>
                  </Flex>
                }
                description={
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {item.sharedBy
                      ? t('sharing.dialog.sharedBy', { name: item.sharedBy.name, date: formatDateTime(item.sharedAt) })
                      : t('sharing.dialog.sharedAt', { date: formatDateTime(item.sharedAt) })}
                    {' · '}
                    {item.email}
                  </Typography.Text>
                }
              />
            </List.Item>
          )}
        />
      )}
    </Modal>
  );
}
