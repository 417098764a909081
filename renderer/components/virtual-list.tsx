/**
 * Fixed-row-height windowing: only the rows in view (plus a few either side) exist in the DOM, so 100,000
 * alerts cost what 40 do. Rows sit at translateY(index × height) inside a spacer as tall as the whole list.
 */
import { useCallback, useEffect, useLayoutEffect, useRef, useState, type Key, type KeyboardEventHandler, type ReactNode } from 'react';

export interface VirtualListProps {
  id: string;
  rowCount: number;
  rowHeight: number;
  /** the row that must stay in view (the cursor); -1 for none */
  activeIndex: number;
  renderRow: (index: number) => ReactNode;
  /**
   * A stable identity for the row at an index (default: the index). With it, a row that moves (a new alert
   * above it) keeps its element and only its position changes, instead of every row below re-rendering.
   */
  rowKey?: (index: number) => Key;
  /** the id of the active row's element, for aria-activedescendant */
  activeId: string | undefined;
  label: string;
  overscan?: number;
  onKeyDown?: KeyboardEventHandler<HTMLDivElement>;
  /** lets the owner focus the list */
  listRef?: (element: HTMLDivElement | null) => void;
}

export function VirtualList(props: VirtualListProps) {
  const { rowCount, rowHeight, activeIndex, renderRow, overscan = 8 } = props;
  const scroller = useRef<HTMLDivElement | null>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(600);
  const frame = useRef(0);

  const ownerRef = useRef(props.listRef);
  ownerRef.current = props.listRef;
  const setScroller = useCallback((element: HTMLDivElement | null) => {
    scroller.current = element;
    ownerRef.current?.(element);
  }, []);

  useLayoutEffect(() => {
    const element = scroller.current;
    if (element === null) return;
    setViewport(element.clientHeight);
    const observer = new ResizeObserver(() => setViewport(element.clientHeight));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  // One state update per animation frame however fast the wheel spins.
  const onScroll = useCallback(() => {
    if (frame.current !== 0) return;
    frame.current = requestAnimationFrame(() => {
      frame.current = 0;
      if (scroller.current !== null) setScrollTop(scroller.current.scrollTop);
    });
  }, []);
  useEffect(() => () => cancelAnimationFrame(frame.current), []);

  // Keep the cursor row in view, moving the window no more than needed.
  useLayoutEffect(() => {
    const element = scroller.current;
    if (element === null || activeIndex < 0) return;
    const top = activeIndex * rowHeight;
    const bottom = top + rowHeight;
    if (top < element.scrollTop) element.scrollTop = top;
    else if (bottom > element.scrollTop + element.clientHeight) element.scrollTop = bottom - element.clientHeight;
    setScrollTop(element.scrollTop);
    // rowCount too: when a filter shortens the list the browser clamps scrollTop without always firing scroll.
  }, [activeIndex, rowHeight, rowCount]);

  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const last = Math.min(rowCount - 1, Math.ceil((scrollTop + viewport) / rowHeight) + overscan);
  const rows: ReactNode[] = [];
  for (let index = first; index <= last; index++) {
    rows.push(
      <div key={props.rowKey?.(index) ?? index} className="vrow" style={{ transform: `translateY(${index * rowHeight}px)`, height: rowHeight }}>
        {renderRow(index)}
      </div>,
    );
  }

  return (
    <div
      id={props.id}
      ref={setScroller}
      className="vlist"
      role="listbox"
      aria-label={props.label}
      aria-activedescendant={props.activeId}
      tabIndex={0}
      onScroll={onScroll}
      onKeyDown={props.onKeyDown}
      data-row-count={rowCount}
    >
      <div className="vlist-spacer" style={{ height: rowCount * rowHeight }}>
        {rows}
      </div>
    </div>
  );
}
