import { useEffect, useRef } from 'react';

/** Calls `apply(value)` once the value has stopped changing for `delayMs`. */
export const useDebouncedEffect = <T>(value: T, delayMs: number, apply: (value: T) => void): void => {
  const applyRef = useRef(apply);
  applyRef.current = apply;
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const timer = setTimeout(() => applyRef.current(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
};
