import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { activeRecords, activeTopics } from '../../stores/mqttLog';
import { useUiStore } from '../../stores/ui';
import { numericFieldPaths, readNumericField } from './logic/numeric-fields';
import { parseJsonPayload } from './logic/payload-view';

const REFRESH_MS = 500;
const MAX_POINTS = 2000;

/** Time series of the numbers at `field` in the JSON payloads of `topic` still held in the log. */
const seriesFor = (topic: string, field: string): [number[], number[]] => {
  const xs: number[] = [];
  const ys: number[] = [];
  for (const r of activeRecords()) {
    if (r.topic !== topic || r.direction !== 'in' || r.truncated) continue;
    const value = readNumericField(parseJsonPayload(r.payload), field);
    if (value === undefined) continue;
    xs.push(r.time / 1000);
    ys.push(value);
  }
  return [xs.slice(-MAX_POINTS), ys.slice(-MAX_POINTS)];
};

/** Plots a numeric JSON field of the chosen topic (uPlot), refreshed twice a second. */
export const NumericPlot = ({ topic, onTopic }: { topic: string; onTopic(topic: string): void }) => {
  const { t } = useTranslation('mqtt');
  const holder = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const [tick, setTick] = useState(0);
  const [field, setField] = useState('');
  // The plot reads its colours from the theme's CSS variables: draw it again when the theme changes.
  const theme = useUiStore((s) => s.theme);

  useEffect(() => {
    const timer = setInterval(() => setTick((n) => n + 1), REFRESH_MS);
    return () => clearInterval(timer);
  }, []);

  const topics = useMemo(() => {
    void tick;
    return [...activeTopics().entries()]
      .filter(([, s]) => numericFieldPaths(parseJsonPayload(s.last.payload)).length > 0)
      .map(([name]) => name)
      .sort();
  }, [tick]);

  const fields = useMemo(() => {
    void tick;
    const last = activeTopics().get(topic)?.last;
    return last ? numericFieldPaths(parseJsonPayload(last.payload)) : [];
  }, [topic, tick]);
  const chosen = fields.includes(field) ? field : (fields[0] ?? '');

  useEffect(() => {
    const el = holder.current;
    if (!el || !chosen || typeof HTMLCanvasElement === 'undefined' || !window.matchMedia) return;
    const style = getComputedStyle(document.documentElement);
    const stroke = style.getPropertyValue('--down').trim() || '#0a7ea4';
    const axis = {
      stroke: style.getPropertyValue('--muted').trim() || '#888',
      grid: { stroke: style.getPropertyValue('--border').trim() || '#ddd' },
    };
    const u = new uPlot(
      {
        width: Math.max(200, el.clientWidth),
        height: 220,
        scales: { x: { time: true } },
        series: [{}, { label: chosen, stroke, width: 1.5, points: { show: false } }],
        axes: [axis, axis],
        legend: { show: true },
      },
      seriesFor(topic, chosen),
      el,
    );
    plot.current = u;
    return () => {
      u.destroy();
      plot.current = null;
    };
  }, [topic, chosen, theme]);

  useEffect(() => {
    if (plot.current && chosen) plot.current.setData(seriesFor(topic, chosen));
  }, [tick, topic, chosen]);

  return (
    <div className="mqtt-plot" data-testid="numeric-plot">
      <div className="mqtt-plot-controls">
        <select value={topic} onChange={(e) => onTopic(e.target.value)} data-testid="plot-topic">
          <option value="">{t('plot.pickTopic')}</option>
          {(topics.includes(topic) || topic === '' ? topics : [topic, ...topics]).map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
        <select
          value={chosen}
          onChange={(e) => setField(e.target.value)}
          disabled={fields.length === 0}
          data-testid="plot-field"
        >
          {fields.map((f) => (
            <option key={f} value={f}>
              {f}
            </option>
          ))}
        </select>
      </div>
      {topic && fields.length === 0 ? <p className="muted small">{t('plot.noNumbers')}</p> : null}
      {!topic ? <p className="muted small">{t('plot.hint')}</p> : null}
      <div ref={holder} className="mqtt-plot-canvas" />
    </div>
  );
};
