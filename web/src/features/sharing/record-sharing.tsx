import { ShareAltOutlined, TeamOutlined } from '@ant-design/icons';
import { Button, Tag, Tooltip } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCrmPermissions } from '../crm/use-crm-permissions';
import { ShareDialog } from './share-dialog';
import { useShares, type ShareableKind } from './sharing-api';

interface RecordSharingProps {
  kind: ShareableKind;
  recordId: string;
  recordLabel: string;
  ownerId: string | null;
}

/** "Share" on a record's page, for those who may share it (the server says so); opens the share dialog. */
export function ShareButton({ kind, recordId, recordLabel, ownerId }: RecordSharingProps) {
  const { t } = useTranslation();
  const { canWrite } = useCrmPermissions();
  const shares = useShares(kind, recordId);
  const [open, setOpen] = useState(false);
  if (!canWrite || !shares.data?.canShare) {
    return null;
  }
  const count = shares.data.items.length;
  return (
    <>
      <Button icon={<ShareAltOutlined />} onClick={() => setOpen(true)} data-testid="share-button">
        {count > 0 ? t('sharing.button.withCount', { count }) : t('sharing.button.share')}
      </Button>
      {open ? (
        <ShareDialog
          kind={kind}
          recordId={recordId}
          recordLabel={recordLabel}
          ownerId={ownerId}
          onClose={() => setOpen(false)}
        />
      ) : null}
    </>
  );
}

/** A tag on records the user sees only because someone shared them with him. */
export function SharedWithYouTag({ kind, recordId }: { kind: ShareableKind; recordId: string }) {
  const { t } = useTranslation();
  const shares = useShares(kind, recordId);
  const mine = shares.data?.sharedWithMe ? shares.data : undefined;
  if (!mine) {
    return null;
  }
  return (
    <Tooltip title={t('sharing.tag.hint')}>
      <Tag color="geekblue" icon={<TeamOutlined />} data-testid="shared-with-you" style={{ alignSelf: 'flex-start' }}>
        {t('sharing.tag.sharedWithYou')}
      </Tag>
    </Tooltip>
  );
}
