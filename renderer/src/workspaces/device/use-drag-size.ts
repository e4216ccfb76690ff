import { useCallback, useMemo, useState, type PointerEvent } from 'react';
import { numberIn, persisted } from '../../stores/persisted';

/**
 * A size the user drags (a split between panes), remembered in localStorage. `measure` turns the pointer position
 * into the new size; the result is clamped to [min, max].
 */
export const useDragSize = (key: string, initial: number, min: number, max: number) => {
  const stored = useMemo(() => persisted(key, initial, numberIn(min, max)), [key, initial, min, max]);
  const [size, setSize] = useState(() => stored.read());
  const startDrag = useCallback(
    (measure: (event: globalThis.PointerEvent) => number) => (event: PointerEvent<HTMLElement>) => {
      event.preventDefault();
      const handle = event.currentTarget;
      handle.setPointerCapture(event.pointerId);
      let latest = size;
      const move = (e: globalThis.PointerEvent) => {
        latest = Math.min(max, Math.max(min, measure(e)));
        setSize(latest);
      };
      const up = () => {
        handle.removeEventListener('pointermove', move);
        handle.removeEventListener('pointerup', up);
        stored.write(latest);
      };
      handle.addEventListener('pointermove', move);
      handle.addEventListener('pointerup', up);
    },
    [stored, min, max, size],
  );
  return [size, startDrag] as const;
};
