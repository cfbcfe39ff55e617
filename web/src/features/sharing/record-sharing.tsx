import { ShareAltOutlined, TeamOutlined } from '@ant-design/icons';
import { Button, Tag, Tooltip } from 'antd';
import { useState, type CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../auth/session-queries';
import { useCrmPermissions } from '../crm/use-crm-permissions';
import { ShareDialog } from './share-dialog';
import { useShares, type ShareableKind } from './sharing-api';

interface RecordSharingProps {
  kind: ShareableKind;
  recordId: string;
  recordLabel: string;
  ownerId: string | null;
}

/**
 * "Share" on a record's page, for those who may share it; opens the share dialog. The server's answer decides, but
 * until it is there the button is shown by the same rule (the owner, or anyone with crm.writeAll): appearing a moment
 * after the page, it pushed the buttons beside it away from where the user — or a test — was about to click.
 */
export function ShareButton({ kind, recordId, recordLabel, ownerId }: RecordSharingProps) {
  const { t } = useTranslation();
  const { canWrite, canWriteAll } = useCrmPermissions();
  const me = useMe();
  const shares = useShares(kind, recordId);
  const [open, setOpen] = useState(false);
  const mayShare = shares.data ? shares.data.canShare : canWriteAll || ownerId === me.user.id;
  if (!canWrite || !mayShare) {
    return null;
  }
  const count = shares.data?.items.length ?? 0;
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

/** A tag on records the user sees only because someone shared them with him (record pages ask the share list). */
export function SharedWithYouTag({ kind, recordId }: { kind: ShareableKind; recordId: string }) {
  const shares = useShares(kind, recordId);
  if (!shares.data?.sharedWithMe) {
    return null;
  }
  return <SharedWithYouMark style={{ alignSelf: 'flex-start' }} />;
}

/** The tag itself; list rows show it from their item's `sharedWithMe`, without asking for the share list. */
export function SharedWithYouMark({ style }: { style?: CSSProperties }) {
  const { t } = useTranslation();
  return (
    <Tooltip title={t('sharing.tag.hint')}>
      <Tag color="geekblue" icon={<TeamOutlined />} data-testid="shared-with-you" style={style}>
        {t('sharing.tag.sharedWithYou')}
      </Tag>
    </Tooltip>
  );
}

/** The tag after a record's name in a list row, when the row says the record is shared with the caller. */
export function SharedWithYouListMark({ shared }: { shared: boolean }) {
  return shared ? <SharedWithYouMark style={{ marginInlineStart: 8 }} /> : null;
}
