import { useCallback, useState, type PointerEvent } from 'react';

/**
 * A size the user drags (a split between panes), remembered in localStorage. `measure` turns the pointer position
 * into the new size; the result is clamped to [min, max].
 */
export const useDragSize = (key: string, initial: number, min: number, max: number) => {
  const [size, setSize] = useState(() => {
    const saved = Number(globalThis.localStorage?.getItem(key));
    return Number.isFinite(saved) && saved >= min && saved <= max ? saved : initial;
  });
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
        globalThis.localStorage?.setItem(key, String(latest));
      };
      handle.addEventListener('pointermove', move);
      handle.addEventListener('pointerup', up);
    },
    [key, min, max, size],
  );
  return [size, startDrag] as const;
};
