import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { frameMaker, makeRecord } from '../../test/mqtt-records';
import { activeTopics, bindSessionKey, ingestFrame, logActions, logView, useMqttLogStore } from './mqttLog';

/** Runs an action and waits for the animation-frame update that follows it, with any rescan finished. */
const settle = async (action: () => void) => {
  const before = useMqttLogStore.getState().version;
  action();
  await vi.waitFor(() => {
    const { version, stats } = useMqttLogStore.getState();
    expect(version).toBeGreaterThan(before);
    expect(stats.scanning).toBe(false);
  });
};
const topics = () => [...logView().items()].map((r) => r.topic);

describe('MQTT log store', () => {
  beforeEach(() => {
    logActions.resetAll();
    logActions.setLimits({ maxCount: 5, maxBytes: 1_000_000 });
    bindSessionKey('s-1', 'p-1');
    logActions.setActive('p-1');
  });
  afterEach(() => logActions.resetAll());

  it('counts received = shown + evicted and updates the state once per animation frame', async () => {
    const frame = frameMaker('s-1');
    const before = useMqttLogStore.getState().version;
    ingestFrame(frame([makeRecord({ topic: 'a' }), makeRecord({ topic: 'b' })]));
    ingestFrame(frame(Array.from({ length: 6 }, (_, i) => makeRecord({ topic: `c/${i}` }))));
    expect(useMqttLogStore.getState().version).toBe(before);
    await vi.waitFor(() => expect(useMqttLogStore.getState().stats.received).toBe(8));
    const { stats, version } = useMqttLogStore.getState();
    expect(version).toBe(before + 1);
    expect(stats).toMatchObject({
      received: 8,
      shown: 5,
      evicted: 3,
      matching: 5,
      lost: 0,
      missingFrames: 0,
      backendSent: 8,
    });
    expect(topics()).toEqual(['c/1', 'c/2', 'c/3', 'c/4', 'c/5']);
  });

  it('applies a filter to held messages and then to each new one', async () => {
    const frame = frameMaker('s-1');
    ingestFrame(
      frame([
        makeRecord({ topic: 'demo/x' }),
        makeRecord({ topic: 'sys/y' }),
        makeRecord({ topic: 'demo/z', direction: 'out' }),
      ]),
    );
    await settle(() => logActions.setFilter({ topic: 'demo/#' }));
    expect(topics()).toEqual(['demo/x', 'demo/z']);
    await settle(() => logActions.setFilter({ direction: 'in' }));
    expect(topics()).toEqual(['demo/x']);
    ingestFrame(frame([makeRecord({ topic: 'demo/new' }), makeRecord({ topic: 'other' })]));
    await vi.waitFor(() => expect(useMqttLogStore.getState().stats.received).toBe(5));
    expect(topics()).toEqual(['demo/x', 'demo/new']);
    expect(useMqttLogStore.getState().stats.matching).toBe(2);
  });

  it('drops evicted messages from the filtered view', async () => {
    const frame = frameMaker('s-1');
    logActions.setFilter({ topic: 'keep' });
    ingestFrame(frame([makeRecord({ topic: 'keep' }), ...Array.from({ length: 5 }, () => makeRecord({ topic: 'x' }))]));
    await vi.waitFor(() => expect(useMqttLogStore.getState().stats.received).toBe(6));
    expect(topics()).toEqual([]);
    expect(useMqttLogStore.getState().stats).toMatchObject({ shown: 5, evicted: 1, matching: 0 });
  });

  it('paused: the view stays put while counting what arrives', async () => {
    const frame = frameMaker('s-1');
    ingestFrame(frame([makeRecord({ topic: 'one' })]));
    await vi.waitFor(() => expect(useMqttLogStore.getState().stats.received).toBe(1));
    logActions.setPaused(true);
    ingestFrame(frame([makeRecord({ topic: 'two' }), makeRecord({ topic: 'three' })]));
    await vi.waitFor(() => expect(useMqttLogStore.getState().stats.newWhilePaused).toBe(2));
    expect(topics()).toEqual(['one']);
    expect(useMqttLogStore.getState().stats.received).toBe(3);
    await settle(() => logActions.setPaused(false));
    expect(topics()).toEqual(['one', 'two', 'three']);
  });

  it('detects frames the page never got (seq gaps) and counts the messages lost', async () => {
    const frame = frameMaker('s-1');
    ingestFrame(frame([makeRecord()]));
    frame([makeRecord(), makeRecord()]);
    ingestFrame(frame([makeRecord()]));
    await vi.waitFor(() => expect(useMqttLogStore.getState().stats.received).toBe(2));
    expect(useMqttLogStore.getState().stats).toMatchObject({ lost: 2, missingFrames: 1, backendSent: 4 });
  });

  it('keeps per-topic counts and last values; clear restarts everything', async () => {
    const frame = frameMaker('s-1');
    ingestFrame(frame([makeRecord({ topic: 't', payload: '1' }), makeRecord({ topic: 't', payload: '2' })]));
    expect(activeTopics().get('t')?.count).toBe(2);
    expect(new TextDecoder().decode(activeTopics().get('t')?.last.payload)).toBe('2');
    logActions.clear();
    await vi.waitFor(() => expect(useMqttLogStore.getState().stats.received).toBe(0));
    expect(activeTopics().size).toBe(0);
  });

  it('keeps each connection in its own log', async () => {
    bindSessionKey('s-2', 'p-2');
    ingestFrame(frameMaker('s-2')([makeRecord({ topic: 'elsewhere' })]));
    ingestFrame(frameMaker('s-1')([makeRecord({ topic: 'here' })]));
    await vi.waitFor(() => expect(useMqttLogStore.getState().stats.received).toBe(1));
    expect(topics()).toEqual(['here']);
    await settle(() => logActions.setActive('p-2'));
    expect(topics()).toEqual(['elsewhere']);
  });
});
