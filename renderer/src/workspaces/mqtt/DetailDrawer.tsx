import { Suspense, lazy, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMqttLogStore } from '../../stores/mqttLog';
import { MessageDetail } from './MessageDetail';
import { TopicTree } from './TopicTree';

// uPlot touches the DOM when loaded: load it with the plot tab only.
const NumericPlot = lazy(() => import('./NumericPlot').then((m) => ({ default: m.NumericPlot })));

type DrawerTab = 'detail' | 'topics' | 'plot';

/** Right drawer: the selected message, the topic tree, the numeric plot. */
export const DetailDrawer = ({ onClose }: { onClose(): void }) => {
  const { t } = useTranslation('mqtt');
  const selected = useMqttLogStore((s) => s.selected);
  const [tab, setTab] = useState<DrawerTab>('detail');
  const [plotTopic, setPlotTopic] = useState('');
  return (
    <aside className="pane mqtt-drawer" data-testid="detail-drawer">
      <div className="mqtt-drawer-tabs" role="tablist">
        {(['detail', 'topics', 'plot'] as const).map((name) => (
          <button
            key={name}
            type="button"
            role="tab"
            aria-selected={tab === name}
            className={tab === name ? 'active' : ''}
            onClick={() => setTab(name)}
            data-testid={`drawer-tab-${name}`}
          >
            {t(`drawer.${name}`)}
          </button>
        ))}
        <span className="spacer" />
        <button
          type="button"
          className="icon-button"
          onClick={onClose}
          title={t('drawer.close')}
          data-testid="drawer-close"
        >
          ✕
        </button>
      </div>
      <div className="mqtt-drawer-body">
        {tab === 'detail' ? (
          selected ? (
            <MessageDetail record={selected} />
          ) : (
            <p className="muted small">{t('detail.none')}</p>
          )
        ) : null}
        {tab === 'topics' ? (
          <TopicTree
            onPickTopic={(topic) => {
              setPlotTopic(topic);
              setTab('detail');
            }}
          />
        ) : null}
        {tab === 'plot' ? (
          <Suspense fallback={<p className="muted small">…</p>}>
            <NumericPlot topic={plotTopic} onTopic={setPlotTopic} />
          </Suspense>
        ) : null}
      </div>
    </aside>
  );
};
