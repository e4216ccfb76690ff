import { useCallback, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { PortInfo } from '../../../../shared/api/app';
import { useApi } from '../../api/context';
import { askConfirm } from '../../components/AppDialog';
import { runTab } from './actions';
import { ConnectionPanel } from './connection/ConnectionPanel';
import { applyDeviceState, applyPorts, disconnectDevice, selectPort, useDeviceStore } from './connection/device-store';
import { DeviceNotice } from './connection/DeviceNotice';
import './device.css';
import { EditorPanel } from './editor/EditorPanel';
import { activeTab, unsavedModuleTabs, useEditorStore } from './editor/editor-store';
import { FileManager } from './files/FileManager';
import { PortPicker } from './PortPicker';
import { TerminalPanel } from './terminal/TerminalPanel';
import { useDragSize } from './use-drag-size';

/** The QPYcom part: port and connection on the left, editor over terminal in the middle, files on the right. */
export const DeviceWorkspace = () => {
  const { t } = useTranslation('device');
  const api = useApi();
  const selected = useDeviceStore((s) => s.selected);
  const connectedPath = useDeviceStore((s) => s.connectedPath);
  const status = useDeviceStore((s) => s.status);
  const hasTab = useEditorStore((s) => s.activeId !== null);
  const centerRef = useRef<HTMLElement>(null);
  const [editorPct, dragEditor] = useDragSize('qpy.device.editorPct', 55, 15, 85);
  const [filesWidth, dragFiles] = useDragSize('qpy.device.filesWidth', 370, 300, 720);

  useEffect(() => api.on('device.state', (event) => applyDeviceState(event, api)), [api]);

  const onPorts = useCallback((ports: PortInfo[]) => applyPorts(api, ports), [api]);

  const onPick = async (path: string, port?: PortInfo) => {
    if (path === selected?.path) return;
    if (connectedPath && (status === 'connected' || status === 'busy')) {
      const unsaved = unsavedModuleTabs();
      const message = unsaved.length
        ? t('connection.confirmSwitchUnsaved', { files: unsaved.map((tab) => tab.title).join(', ') })
        : t('connection.confirmSwitch');
      if (!(await askConfirm(t('dialog.switchTitle'), message, { confirmLabel: t('dialog.switch') }))) return;
      void disconnectDevice(api);
    }
    selectPort(port ?? path);
  };

  const runCurrent = () => {
    const tab = activeTab();
    if (tab) void runTab(api, tab);
  };

  return (
    <div className="workspace device-workspace">
      <aside className="pane pane-left device-left">
        <ConnectionPanel />
        <PortPicker
          value={selected?.path ?? ''}
          onChange={(path, port) => void onPick(path, port)}
          onPorts={onPorts}
          connectedPath={connectedPath}
        />
      </aside>
      <section className="device-center" ref={centerRef} data-testid="device-main">
        <DeviceNotice />
        <div className="device-split" style={{ gridTemplateRows: `${editorPct}fr 5px ${100 - editorPct}fr` }}>
          <EditorPanel />
          <div
            className="splitter splitter-h"
            role="separator"
            aria-orientation="horizontal"
            onPointerDown={dragEditor((e) => {
              const box = centerRef.current?.querySelector('.device-split')?.getBoundingClientRect();
              return box ? ((e.clientY - box.top) / box.height) * 100 : editorPct;
            })}
          />
          <TerminalPanel onRunCurrent={runCurrent} canRun={hasTab} />
        </div>
      </section>
      <div
        className="splitter splitter-v"
        role="separator"
        aria-orientation="vertical"
        onPointerDown={dragFiles((e) => window.innerWidth - e.clientX)}
      />
      <div className="device-right" style={{ width: filesWidth }}>
        <FileManager />
      </div>
    </div>
  );
};
