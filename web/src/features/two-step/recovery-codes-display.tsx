import { CopyOutlined, DownloadOutlined, PrinterOutlined } from '@ant-design/icons';
import { App, Button, Checkbox, Flex, Typography, theme } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../auth/session-queries';

interface RecoveryCodesDisplayProps {
  codes: string[];
  /** Called when the user confirms the codes are stored somewhere safe. */
  onDone: () => void;
}

const monospace = 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

/**
 * The recovery codes, shown exactly once: copy, download as .txt or print them, then confirm they are saved.
 * Nothing here is stored by the app; closing without saving means generating a new set later.
 */
export function RecoveryCodesDisplay({ codes, onDone }: RecoveryCodesDisplayProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { token } = theme.useToken();
  const me = useMe();
  const [saved, setSaved] = useState(false);
  const heading = t('twoStep.codes.fileHeading', { orgName: me.org.name, email: me.user.email });
  const text = `${heading}\n\n${codes.join('\n')}\n\n${t('twoStep.codes.fileFooter')}\n`;

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      void message.success(t('twoStep.codes.copied'));
    } catch {
      void message.error(t('twoStep.codes.copyFailed'));
    }
  };

  const download = () => {
    const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = 'clientele-recovery-codes.txt';
    document.body.append(link);
    link.click();
    link.remove();
    URL.revokeObjectURL(url);
  };

  const print = () => {
    // A separate blank window holding only the codes, so the printout carries nothing else from the page.
    const printWindow = window.open('', '_blank', 'width=520,height=640');
    if (!printWindow) {
      void message.error(t('twoStep.codes.printBlocked'));
      return;
    }
    const items = codes.map((code) => `<li>${escapeHtml(code)}</li>`).join('');
    printWindow.document.write(
      `<!doctype html><html lang="${escapeHtml(document.documentElement.lang)}"><head><meta charset="utf-8">` +
        `<title>${escapeHtml(t('twoStep.codes.title'))}</title></head>` +
        `<body style="font-family: system-ui, sans-serif; padding: 24px">` +
        `<h2 style="font-size: 18px">${escapeHtml(heading)}</h2>` +
        `<ol style="font-family: ${monospace}; font-size: 16px; line-height: 1.8">${items}</ol>` +
        `<p>${escapeHtml(t('twoStep.codes.fileFooter'))}</p></body></html>`,
    );
    printWindow.document.close();
    printWindow.focus();
    printWindow.print();
  };

  return (
    <div data-testid="recovery-codes">
      <Typography.Paragraph>{t('twoStep.codes.showOnce')}</Typography.Paragraph>
      <ol
        data-testid="recovery-code-list"
        style={{
          display: 'grid',
          gridTemplateColumns: 'repeat(2, minmax(0, 1fr))',
          gap: '8px 24px',
          margin: '0 0 16px',
          padding: '16px 20px 16px 44px',
          background: token.colorFillQuaternary,
          border: `1px solid ${token.colorBorderSecondary}`,
          borderRadius: token.borderRadiusLG,
          fontFamily: monospace,
          fontSize: 15,
        }}
      >
        {codes.map((code) => (
          <li key={code} style={{ whiteSpace: 'nowrap' }}>
            {code}
          </li>
        ))}
      </ol>
      <Flex gap={8} wrap style={{ marginBottom: 16 }}>
        <Button icon={<CopyOutlined />} onClick={() => void copy()}>
          {t('twoStep.codes.copy')}
        </Button>
        <Button icon={<DownloadOutlined />} onClick={download}>
          {t('twoStep.codes.download')}
        </Button>
        <Button icon={<PrinterOutlined />} onClick={print}>
          {t('twoStep.codes.print')}
        </Button>
      </Flex>
      <Checkbox checked={saved} onChange={(event) => setSaved(event.target.checked)}>
        {t('twoStep.codes.savedConfirm')}
      </Checkbox>
      <Flex justify="flex-end" style={{ marginTop: 16 }}>
        <Button type="primary" disabled={!saved} onClick={onDone}>
          {t('twoStep.codes.done')}
        </Button>
      </Flex>
    </div>
  );
}
