import { useState } from 'react';
import { PortPicker } from './PortPicker';

const LAST_PORT_KEY = 'qpy.device.lastPort';

export const DeviceWorkspace = () => {
  const [port, setPort] = useState(() => globalThis.localStorage?.getItem(LAST_PORT_KEY) ?? '');
  return (
    <div className="workspace device-workspace">
      <aside className="pane pane-left">
        <PortPicker
          value={port}
          onChange={(path) => {
            localStorage.setItem(LAST_PORT_KEY, path);
            setPort(path);
          }}
        />
      </aside>
      <section className="pane pane-main" data-testid="device-main">
        <p className="muted">{port}</p>
      </section>
    </div>
  );
};
