import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

/** Copies text to the clipboard (falls back to a hidden textarea where the Clipboard API is refused). */
const copyText = async (text: string): Promise<boolean> => {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.appendChild(area);
    area.select();
    const done = typeof document.execCommand === 'function' && document.execCommand('copy');
    area.remove();
    return done;
  }
};

/** A small "Copy" button that says "Copied" for a moment. */
export const CopyButton = ({ text, label, testId }: { text: string; label: string; testId?: string }) => {
  const { t } = useTranslation();
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  const onClick = async () => {
    const done = await copyText(text);
    setState(done ? 'copied' : 'failed');
    clearTimeout(timer.current);
    timer.current = setTimeout(() => setState('idle'), 1500);
  };
  return (
    <button
      type="button"
      className={`copy-button${state === 'copied' ? ' copied' : ''}`}
      onClick={() => void onClick()}
      aria-label={`${t('actions.copy')} ${label}`}
      title={`${t('actions.copy')} ${label}`}
      data-testid={testId}
    >
      {state === 'copied' ? t('actions.copied') : state === 'failed' ? '✕' : t('actions.copy')}
    </button>
  );
};
