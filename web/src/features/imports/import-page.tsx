import { FileTextOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Result, Skeleton, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useLocation, useParams } from 'react-router';
import { PageHeading } from '../../components/page-section';
import { isNotFound } from '../crm/crm-errors';
import {
  isImportFinished,
  useImportJob,
  useImportPreview,
  type ImportJob,
  type ImportPlan,
  type ImportPreview,
} from './import-api';
import { IMPORT_LIST_PATHS, importPath } from './import-button';
import { ImportCheckStep } from './import-check-step';
import { cleanMapping } from './import-fields';
import { ImportMappingStep } from './import-mapping-step';
import { ImportRunView } from './import-run-view';
import { ImportStatusTag } from './import-status-tag';
import { ImportSteps } from './import-steps';
import { ImportTrace } from './import-trace';

const planKey = (id: string) => `clientele.import-plan.${id}`;

/** The plan being edited survives a reload of this tab (sessionStorage); otherwise the server's suggestion. */
function initialPlan(job: ImportJob, preview: ImportPreview): ImportPlan {
  try {
    const stored = sessionStorage.getItem(planKey(job.id));
    if (stored) {
      const parsed = JSON.parse(stored) as Partial<ImportPlan>;
      if (
        parsed.mapping &&
        (parsed.duplicateMode === 'skip' || parsed.duplicateMode === 'update' || parsed.duplicateMode === 'create')
      ) {
        return {
          mapping: cleanMapping(parsed.mapping, preview.headers.length, preview.fields),
          duplicateMode: parsed.duplicateMode,
        };
      }
    }
  } catch {
    // Storage unavailable or a malformed entry: start from the suggestion.
  }
  return {
    mapping: cleanMapping(job.mapping ?? preview.suggestedMapping, preview.headers.length, preview.fields),
    duplicateMode: job.duplicateMode ?? 'skip',
  };
}

/** Steps 2 and 3 of a file that has been uploaded but not started: map the columns, then check. */
function ImportPlanner({ job, preview }: { job: ImportJob; preview: ImportPreview }) {
  const [plan, setPlan] = useState(() => initialPlan(job, preview));
  const [step, setStep] = useState<'map' | 'check'>('map');
  const changePlan = (next: ImportPlan) => {
    setPlan(next);
    try {
      sessionStorage.setItem(planKey(job.id), JSON.stringify(next));
    } catch {
      // Not essential: without storage a reload starts from the suggestion again.
    }
  };
  const goTo = (next: 'map' | 'check') => {
    setStep(next);
    window.scrollTo(0, 0);
  };
  return (
    <>
      <ImportSteps current={step} />
      {step === 'map' ? (
        <ImportMappingStep
          recordType={job.recordType}
          preview={preview}
          plan={plan}
          onChange={changePlan}
          onNext={() => goTo('check')}
        />
      ) : (
        <ImportCheckStep job={job} plan={plan} onBack={() => goTo('map')} />
      )}
    </>
  );
}

/**
 * /imports/:id — an import at any stage, so it survives a reload and can be reopened from the recent imports: the
 * mapping and check while uploaded, the progress while queued or running, the outcome afterwards.
 */
export function ImportPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const location = useLocation();
  const job = useImportJob(id);
  const uploaded = job.data?.status === 'uploaded';
  const preview = useImportPreview(id, uploaded);

  if (job.isError) {
    return isNotFound(job.error) ? (
      <Result
        status="404"
        title={t('imports.notFound.title')}
        subTitle={t('imports.notFound.text')}
        extra={
          <Link to="/customers/import">
            <Button type="primary">{t('imports.notFound.back')}</Button>
          </Link>
        }
      />
    ) : (
      <Result status="error" title={job.error.message} />
    );
  }
  if (!job.data) {
    return <Skeleton active />;
  }
  const data = job.data;
  if (location.pathname !== importPath(data.recordType, data.id)) {
    return <Navigate to={importPath(data.recordType, data.id)} replace />;
  }
  return (
    <Flex vertical gap={16}>
      <PageHeading
        title={t(`imports.title.${data.recordType}`)}
        description={
          <Flex component="span" gap={8} align="center" wrap>
            <FileTextOutlined />
            <Typography.Text data-testid="import-file-name">{data.fileName}</Typography.Text>
            <ImportStatusTag status={data.status} />
            <ImportTrace job={data} />
          </Flex>
        }
        actions={<Link to={IMPORT_LIST_PATHS[data.recordType]}>{t(`imports.backToList.${data.recordType}`)}</Link>}
      />
      {uploaded ? (
        preview.isError ? (
          <Card variant="borderless">
            <Typography.Paragraph type="danger" role="alert" style={{ marginBottom: 0 }}>
              {preview.error.message}
            </Typography.Paragraph>
          </Card>
        ) : preview.data ? (
          <ImportPlanner key={data.id} job={data} preview={preview.data} />
        ) : (
          <Skeleton active />
        )
      ) : (
        <>
          <ImportSteps current="run" finished={isImportFinished(data.status)} />
          <ImportRunView job={data} />
        </>
      )}
    </Flex>
  );
}
