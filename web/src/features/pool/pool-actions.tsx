import { LogoutOutlined, UserAddOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../auth/session-queries';
import { refreshCustomers } from '../customers/customer-api';
import type { Customer } from '../customers/customer-types';
import { useCrmPermissions } from '../crm/use-crm-permissions';
import { poolApi } from './pool-api';

/**
 * On a customer's page: "Claim" for a pool customer, "Release to pool" for its owner or a manager over it (the server
 * decides again; these only hide buttons that could never work).
 */
export function PoolActions({ customer }: { customer: Customer }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const me = useMe();
  const permissions = useCrmPermissions();
  const [releasing, setReleasing] = useState(false);
  const [reason, setReason] = useState('');

  const claim = useMutation({
    mutationFn: () => poolApi.claim(customer.id),
    onSuccess: () => void message.success(t('pool.claimed', { name: customer.name })),
    onError: (error) => void message.error(error.message),
    onSettled: () => void refreshCustomers(queryClient),
  });
  const release = useMutation({
    mutationFn: () => poolApi.release(customer.id, reason),
    onSuccess: () => {
      void message.success(t('pool.release.done', { name: customer.name }));
      setReleasing(false);
      setReason('');
    },
    onError: (error) => void message.error(error.message),
    onSettled: () => void refreshCustomers(queryClient),
  });

  if (customer.ownerId === null) {
    return permissions.canWrite ? (
      <Button icon={<UserAddOutlined />} loading={claim.isPending} onClick={() => claim.mutate()}>
        {t('pool.claim')}
      </Button>
    ) : null;
  }
  const mayRelease = customer.ownerId === me.user.id || (permissions.canWriteAll && customer.canEdit);
  if (!mayRelease) {
    return null;
  }
  return (
    <>
      <Button icon={<LogoutOutlined />} onClick={() => setReleasing(true)}>
        {t('pool.release.button')}
      </Button>
      <Modal
        open={releasing}
        title={t('pool.release.title', { name: customer.name })}
        okText={t('pool.release.confirm')}
        cancelText={t('common.cancel')}
        okButtonProps={{ danger: true, loading: release.isPending }}
        onOk={() => release.mutate()}
        onCancel={() => setReleasing(false)}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">{t('pool.release.text')}</Typography.Paragraph>
        <label htmlFor="pool-release-reason">
          <Typography.Text>{t('pool.release.reason')}</Typography.Text>
        </label>
        <Input.TextArea
          id="pool-release-reason"
          value={reason}
          maxLength={500}
          autoSize={{ minRows: 2, maxRows: 4 }}
          placeholder={t('pool.release.reasonPlaceholder')}
          onChange={(event) => setReason(event.target.value)}
          style={{ marginTop: 6 }}
        />
      </Modal>
    </>
  );
}
