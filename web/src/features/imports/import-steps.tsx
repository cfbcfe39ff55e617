import { Steps } from 'antd';
import { useTranslation } from 'react-i18next';

export type ImportStep = 'upload' | 'map' | 'check' | 'run';
const STEPS: ImportStep[] = ['upload', 'map', 'check', 'run'];

/** Upload → map columns → check → import, with the current one highlighted (all done once an import finished). */
export function ImportSteps({ current, finished = false }: { current: ImportStep; finished?: boolean }) {
  const { t } = useTranslation();
  return (
    <Steps
      size="small"
      current={STEPS.indexOf(current)}
      status={finished ? 'finish' : 'process'}
      items={STEPS.map((step) => ({ title: t(`imports.steps.${step}`) }))}
    />
  );
}
