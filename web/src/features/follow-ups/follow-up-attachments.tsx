import {
  DeleteOutlined,
  FileExcelOutlined,
  FileImageOutlined,
  FileOutlined,
  FilePdfOutlined,
  FilePptOutlined,
  FileTextOutlined,
  FileWordOutlined,
  PaperClipOutlined,
} from '@ant-design/icons';
import { App, Button, Flex, Popconfirm, Tooltip, Typography, Upload } from 'antd';
import type { UploadFile } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import {
  ATTACHMENT_ACCEPT,
  ATTACHMENT_MAX_BYTES,
  ATTACHMENTS_MAX,
  attachmentUrl,
  formatFileSize,
  type FollowUpAttachment,
} from './follow-up-api';

function iconOf(contentType: string): ReactNode {
  if (contentType.startsWith('image/')) {
    return <FileImageOutlined />;
  }
  if (contentType === 'application/pdf') {
    return <FilePdfOutlined />;
  }
  if (contentType.includes('wordprocessingml')) {
    return <FileWordOutlined />;
  }
  if (contentType.includes('spreadsheetml') || contentType.startsWith('text/csv')) {
    return <FileExcelOutlined />;
  }
  if (contentType.includes('presentationml')) {
    return <FilePptOutlined />;
  }
  return contentType.startsWith('text/') ? <FileTextOutlined /> : <FileOutlined />;
}

/** A follow-up's files as download links; their author (or a manager) may remove one. */
export function AttachmentList({
  attachments,
  onRemove,
}: {
  attachments: FollowUpAttachment[];
  onRemove?: (attachment: FollowUpAttachment) => Promise<void>;
}) {
  const { t } = useTranslation();
  if (attachments.length === 0) {
    return null;
  }
  return (
    <Flex gap={8} wrap data-testid="follow-up-attachments">
      {attachments.map((attachment) => (
        <Flex
          key={attachment.id}
          align="center"
          gap={6}
          style={{
            border: '1px solid rgba(5, 5, 5, 0.08)',
            borderRadius: 6,
            padding: '2px 4px 2px 8px',
            maxWidth: 320,
          }}
        >
          <a
            href={attachmentUrl(attachment.id)}
            download={attachment.fileName}
            style={{ display: 'flex', gap: 6, minWidth: 0 }}
          >
            {iconOf(attachment.contentType)}
            <Typography.Text ellipsis style={{ color: 'inherit', maxWidth: 210 }}>
              {attachment.fileName}
            </Typography.Text>
          </a>
          <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: 'nowrap' }}>
            {formatFileSize(attachment.sizeBytes)}
          </Typography.Text>
          {onRemove ? (
            <Popconfirm
              title={t('followUps.attachments.removeConfirm', { name: attachment.fileName })}
              okText={t('followUps.attachments.remove')}
              cancelText={t('common.cancel')}
              okButtonProps={{ danger: true }}
              onConfirm={() => onRemove(attachment)}
            >
              <Tooltip title={t('followUps.attachments.remove')}>
                <Button
                  type="text"
                  size="small"
                  icon={<DeleteOutlined />}
                  aria-label={t('followUps.attachments.removeFor', { name: attachment.fileName })}
                />
              </Tooltip>
            </Popconfirm>
          ) : null}
        </Flex>
      ))}
    </Flex>
  );
}

/**
 * Files chosen to go with a follow-up (sent once it is saved). Files over 10 MB, or past the tenth, are refused here
 * with a message; the server still decides what a file really is.
 */
export function AttachmentPicker({
  files,
  onChange,
  already = 0,
}: {
  files: UploadFile[];
  onChange: (files: UploadFile[]) => void;
  /** Files the follow-up has already. */
  already?: number;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const room = ATTACHMENTS_MAX - already;
  return (
    <Upload
      multiple
      accept={ATTACHMENT_ACCEPT}
      fileList={files}
      beforeUpload={(file) => {
        if (file.size > ATTACHMENT_MAX_BYTES) {
          void message.error(t('followUps.attachments.tooLarge', { name: file.name }));
          return Upload.LIST_IGNORE;
        }
        return false;
      }}
      onChange={({ fileList }) => {
        if (fileList.length > room) {
          void message.warning(t('followUps.attachments.tooMany', { max: ATTACHMENTS_MAX }));
        }
        onChange(fileList.slice(0, Math.max(room, 0)));
      }}
    >
      <Button icon={<PaperClipOutlined />} disabled={room <= 0}>
        {t('followUps.attachments.add')}
      </Button>
    </Upload>
  );
}
