import { useTranslation } from 'react-i18next';
import { useUiStore, type Workspace } from '../stores/ui';
import { Icon } from './Icon';

const WORKSPACES: Workspace[] = ['device', 'cloud', 'mqtt'];

export const Sidebar = () => {
  const { t } = useTranslation();
  const workspace = useUiStore((s) => s.workspace);
  const setWorkspace = useUiStore((s) => s.setWorkspace);
  return (
    <nav className="sidebar" aria-label={t('workspace.all')}>
      <div className="brand" title="QPY Studio">
        <img src="./icon.svg" alt="" width={28} height={28} />
      </div>
      {WORKSPACES.map((w) => (
        <button
          key={w}
          type="button"
          className={`nav-item${workspace === w ? ' active' : ''}`}
          aria-current={workspace === w ? 'page' : undefined}
          data-testid={`nav-${w}`}
          title={t(`workspaceHint.${w}`)}
          onClick={() => setWorkspace(w)}
        >
          <Icon name={w} size={22} />
          <span>{t(`workspace.${w}`)}</span>
        </button>
      ))}
    </nav>
  );
};
