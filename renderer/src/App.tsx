import { useEffect } from 'react';
import { AppDialog } from './components/AppDialog';
import { LocalPickerDialog } from './components/LocalPicker';
import { Sidebar } from './components/Sidebar';
import { StartupNotices } from './components/StartupNotices';
import { StatusBar } from './components/StatusBar';
import { applyTheme, useUiStore } from './stores/ui';
import { CloudWorkspace } from './workspaces/cloud/CloudWorkspace';
import { DeviceWorkspace } from './workspaces/device/DeviceWorkspace';
import { MqttWorkspace } from './workspaces/mqtt/MqttWorkspace';

/** The shell: sidebar, the active workspace (others stay mounted so their state and streams survive), status bar. */
export const App = () => {
  const workspace = useUiStore((s) => s.workspace);
  const theme = useUiStore((s) => s.theme);

  useEffect(() => {
    applyTheme(theme);
    if (theme !== 'system') return;
    const media = matchMedia('(prefers-color-scheme: dark)');
    const onChange = () => applyTheme('system');
    media.addEventListener('change', onChange);
    return () => media.removeEventListener('change', onChange);
  }, [theme]);

  return (
    <div className="app">
      <Sidebar />
      <main className="content">
        <StartupNotices />
        <div hidden={workspace !== 'device'} className="workspace-slot">
          <DeviceWorkspace />
        </div>
        <div hidden={workspace !== 'cloud'} className="workspace-slot">
          <CloudWorkspace />
        </div>
        <div hidden={workspace !== 'mqtt'} className="workspace-slot">
          <MqttWorkspace />
        </div>
      </main>
      <StatusBar />
      <AppDialog />
      <LocalPickerDialog />
    </div>
  );
};
