import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { App, Button, Card, Flex, Typography, Upload } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { PageHeading } from '../../components/page-section';
import { saveFile } from '../crm/export-menu';
import { IMPORT_FILE_TYPES, IMPORT_MAX_BYTES, importApi, importKeys, type ImportRecordType } from './import-api';
import { IMPORT_LIST_PATHS, importPath } from './import-button';
import { importTemplate } from './import-fields';
import { ImportSteps } from './import-steps';
import { RecentImports } from './recent-imports';

/** Only what the server reads: the type is decided by the name here, the server checks the content. */
function isImportFile(file: File): boolean {
  return /\.(csv|xlsx)$/i.test(file.name);
}

/**
 * Step 1 of an import (/customers/import, /contacts/import): choose or drop a CSV/XLSX file. The server stores it and
 * answers with the import and a preview; the wizard goes on at /imports/:id, so a reload or a later visit reopens it.
 */
export function ImportUploadPage({ recordType }: { recordType: ImportRecordType }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [uploading, setUploading] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const upload = async (file: File) => {
    setError(null);
    if (!isImportFile(file)) {
      setError(t('imports.upload.wrongType', { name: file.name }));
      return;
    }
    if (file.size > IMPORT_MAX_BYTES) {
      setError(t('imports.upload.tooLarge', { name: file.name }));
      return;
    }
    setUploading(true);
    try {
      const result = await importApi.upload(recordType, file);
      queryClient.setQueryData(importKeys.detail(result.import.id), result.import);
      queryClient.setQueryData(importKeys.preview(result.import.id), result.preview);
      void queryClient.invalidateQueries({ queryKey: importKeys.recent(recordType) });
      void navigate(importPath(recordType, result.import.id));
    } catch (uploadError) {
      setError(uploadError instanceof Error ? uploadError.message : String(uploadError));
    } finally {
      setUploading(false);
    }
  };

  const downloadTemplate = () => {
    saveFile(importTemplate(t, recordType), `${t(`imports.template.fileName.${recordType}`)}.csv`);
    void message.success(t('imports.template.saved'));
  };

  return (
    <Flex vertical gap={16}>
      <PageHeading
        title={t(`imports.title.${recordType}`)}
        description={t(`imports.description.${recordType}`)}
        actions={<Link to={IMPORT_LIST_PATHS[recordType]}>{t(`imports.backToList.${recordType}`)}</Link>}
      />
      <ImportSteps current="upload" />
      <Card variant="borderless">
        <Flex vertical gap={16}>
          <div data-testid="import-dropzone">
            <Upload.Dragger
              accept={IMPORT_FILE_TYPES}
              multiple={false}
              showUploadList={false}
              disabled={uploading}
              customRequest={() => undefined}
              beforeUpload={(file) => {
                void upload(file);
                return Upload.LIST_IGNORE;
              }}
            >
              <p className="ant-upload-drag-icon">
                <InboxOutlined />
              </p>
              <Typography.Paragraph strong style={{ marginBottom: 4 }}>
                {uploading ? t('imports.upload.uploading') : t('imports.upload.drop')}
              </Typography.Paragraph>
              <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
                {t('imports.upload.limits')}
              </Typography.Paragraph>
            </Upload.Dragger>
          </div>
          {error ? (
            <Typography.Paragraph type="danger" role="alert" style={{ marginBottom: 0 }} data-testid="import-error">
              {error}
            </Typography.Paragraph>
          ) : null}
          <Flex align="center" gap={12} wrap>
            <Button icon={<DownloadOutlined />} onClick={downloadTemplate} data-testid="import-template">
              {t('imports.template.button')}
            </Button>
            <Typography.Text type="secondary">{t(`imports.template.hint.${recordType}`)}</Typography.Text>
          </Flex>
        </Flex>
      </Card>
      <RecentImports recordType={recordType} />
    </Flex>
  );
}
