import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LANGUAGES, setLanguage, type Language } from '../i18n';
import { useConnectionStore } from '../stores/connection';
import { useUiStore, type ThemeChoice } from '../stores/ui';

/** Bottom bar: backend link, app mode and version, theme and language switches; areas add their own items. */
export const StatusBar = ({ children }: { children?: ReactNode }) => {
  const { t, i18n } = useTranslation();
  const backend = useConnectionStore((s) => s.backend);
  const info = useConnectionStore((s) => s.info);
  const theme = useUiStore((s) => s.theme);
  const setTheme = useUiStore((s) => s.setTheme);
  return (
    <footer className="statusbar">
      <span className={`dot dot-${backend}`} aria-hidden />
      <span data-testid="backend-state">
        {t('status.backend')}: {t(`status.${backend}`)}
      </span>
      {info ? (
        <span className="muted">
          {t(`status.mode.${info.shell}`)} · v{info.version}
        </span>
      ) : null}
      <span className="statusbar-items">{children}</span>
      <span className="spacer" />
      <label className="inline-select">
        <span>{t('theme.label')}</span>
        <select value={theme} onChange={(e) => setTheme(e.target.value as ThemeChoice)} data-testid="theme-select">
          {(['system', 'light', 'dark'] as const).map((c) => (
            <option key={c} value={c}>
              {t(`theme.${c}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="inline-select">
        <span>{t('language')}</span>
        <select
          value={i18n.language}
          onChange={(e) => void setLanguage(e.target.value as Language)}
          data-testid="language-select"
        >
          {LANGUAGES.map((l) => (
            <option key={l.code} value={l.code}>
              {l.label}
            </option>
          ))}
        </select>
      </label>
    </footer>
  );
};
