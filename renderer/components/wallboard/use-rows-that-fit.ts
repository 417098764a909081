/**
 * How many rows of a list fit in its box: a TV has no scrollbar anyone can use, so a list shows what fits whole
 * and says how many more there are, instead of cutting a row in half at the bottom edge. Rows are one fixed height
 * (in rem, so they scale with the viewport like the type); the box is watched for size changes.
 */
import { useLayoutEffect, useRef, useState, type RefObject } from 'react';

export function useRowsThatFit<T extends HTMLElement>(rowHeightRem: number): [RefObject<T | null>, number] {
  const box = useRef<T | null>(null);
  const [rows, setRows] = useState(0);
  useLayoutEffect(() => {
    const element = box.current;
    if (element === null) return;
    const measure = () => {
      const rem = parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
      setRows(Math.max(1, Math.floor(element.clientHeight / (rowHeightRem * rem))));
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, [rowHeightRem]);
  return [box, rows];
}
