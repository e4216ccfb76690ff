import { useTranslation } from 'react-i18next';
import { openFileInEditor } from '../../stores/handoff';
import { CodeView } from './CodeView';
import { CopyButton } from './CopyButton';

export interface GeneratedScript {
  fileName: string;
  code: string;
}

/** Saves text as a file through the browser's download (works in Electron too). */
const downloadText = (fileName: string, text: string): void => {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/x-python' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
};

/** The generated main.py: read-only, highlighted, with copy, download and "Open in editor". */
export const ScriptPanel = ({ script }: { script: GeneratedScript }) => {
  const { t } = useTranslation('cloud');
  return (
    <div className="script-panel" data-testid="script-panel">
      <div className="script-toolbar">
        <span className="mono small">{script.fileName}</span>
        <span className="spacer" />
        <CopyButton text={script.code} label={script.fileName} testId="copy-script" />
        <button
          type="button"
          className="btn btn-small"
          data-testid="download-script"
          onClick={() => downloadText(script.fileName, script.code)}
        >
          {t('script.download')}
        </button>
        <button
          type="button"
          className="btn btn-small"
          data-testid="open-in-editor"
          onClick={() =>
            void openFileInEditor(`/usr/${script.fileName}`, script.code, {
              title: t('script.replaceTitle'),
              message: t('script.replaceUnsaved', { file: script.fileName }),
              confirmLabel: t('script.replace'),
            })
          }
        >
          {t('script.openInEditor')}
        </button>
      </div>
      <CodeView code={script.code} label={t('script.label', { file: script.fileName })} />
    </div>
  );
};
