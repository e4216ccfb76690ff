import type { TFunction } from 'i18next';
import type { PortInfo, PortRole } from '../../../../shared/api/app';

const SIM_PATH = /^sim:\/\/([a-z0-9]+)-(modern|legacy)$/i;

/**
 * A port's name in the UI's language. The backend's label is English (the CLI prints it); the simulator and
 * Quectel's own ports are named again from their parts. Other ports keep the name their driver gives them.
 */
export const portLabel = (
  port: Pick<PortInfo, 'path'> &
    Partial<Pick<PortInfo, 'label' | 'kind' | 'model' | 'interfaceNumber'>> & {
      role?: PortRole;
    },
  t: TFunction,
): string => {
  const label = port.label ?? port.path;
  if (port.kind === 'simulator') {
    const sim = SIM_PATH.exec(port.path);
    if (!sim) return label;
    const model = sim[1]!.toUpperCase();
    return t(sim[2]!.toLowerCase() === 'legacy' ? 'ports.simulatedLegacy' : 'ports.simulated', { model, ns: 'common' });
  }
  if (port.kind === 'usb' && port.model && port.role && label.startsWith('Quectel ')) {
    const role = t(`ports.role.${port.role}`, { ns: 'common' });
    return port.interfaceNumber === undefined
      ? t('ports.quectel', { model: port.model, role, ns: 'common' })
      : t('ports.quectelInterface', { model: port.model, role, n: port.interfaceNumber, ns: 'common' });
  }
  return label;
};
