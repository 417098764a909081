/**
 * Fixed-row-height windowing: only the rows in view (plus a few either side) exist in the DOM, so 100,000
 * alerts cost what 40 do. Rows sit at translateY(index × height); a spacer as tall as the whole list gives the
 * scroll height. The rows are not inside the spacer: their container keeps its size when alerts come and go, so a
 * longer list does not lay every visible row out again.
 *
 * Held keys and flings move the window many times a second, so each move is one React render: the scroll position
 * that keeps the cursor in view is worked out while rendering (not read back from the DOM in an effect and rendered
 * again), and row elements are reused across moves (row-slots.ts).
 *
 * A fling replaces every row in view at every step, and laying out and painting ~400 cells of text each time
 * does not fit in a frame without a GPU. Nobody reads rows going by at that speed, so while it lasts the list is
 * marked `data-fast` and the stylesheet shows a reduced row (severity, number, device). A fling is the wheel or the
 * scrollbar moving more than a window in one frame, or a key jumping half a window or more while PageDown or PageUp
 * is held down (the key's auto-repeat, however late a loaded machine delivers it) or within KEY_FLING_MS of the
 * last such jump. A single PageDown lands on full rows: the
 * operator is about to read them. Full rows come back FLING_SETTLE_MS after the last fling step, or at once when a
 * key moves the cursor less than a page.
 */
import {
  useCallback,
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
  type Key,
  type KeyboardEventHandler,
  type ReactNode,
} from 'react';
import { assignSlots, type SlotAssignment } from './row-slots.ts';

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

/** How long after the last frame that moved a whole window the list shows full rows again. */
export const FLING_SETTLE_MS = 150;
/** Page jumps by key closer together than this are skimming (auto-repeat is 25–40 per second), not reading. */
export const KEY_FLING_MS = 100;

/** True when a scroll step of `moved` px leaves no row of a `viewport`-px window in view: a fling, not reading. */
export function isFlingStep(moved: number, viewport: number): boolean {
  return viewport > 0 && Math.abs(moved) >= viewport;
}

/** True when a key moved the window by half of it or more: a page, not a row. */
export function isPageJump(moved: number, viewport: number): boolean {
  return viewport > 0 && Math.abs(moved) * 2 >= viewport;
}

/** The scroll position that shows the active row, moving no further than needed, within the list's bounds. */
export function scrollToShow(
  scrollTop: number,
  activeIndex: number,
  rowHeight: number,
  viewport: number,
  rowCount: number,
): number {
  const max = Math.max(0, rowCount * rowHeight - viewport);
  let top = Math.min(Math.max(0, scrollTop), max);
  if (activeIndex < 0) return top;
  const rowTop = activeIndex * rowHeight;
  if (rowTop < top) top = rowTop;
  else if (rowTop + rowHeight > top + viewport) top = Math.min(max, rowTop + rowHeight - viewport);
  return top;
}

export interface Followed {
  activeKey: Key | null;
  activeIndex: number;
  rowCount: number;
  viewport: number;
}

/**
 * Where the window goes when the cursor or the list changes. The operator moved the cursor (another row is active)
 * or the window was resized: bring the cursor into view. Rows came or went above the cursor: keep it in view if
 * it was, but do not pull someone reading further down (wheel) back to it. Otherwise only stay within bounds.
 */
export function nextScrollTop(before: Followed, now: Followed, scrollTop: number, rowHeight: number): number {
  const cursorMoved = before.activeKey !== now.activeKey || before.viewport !== now.viewport;
  const wasInView =
    before.activeIndex >= 0 &&
    before.activeIndex * rowHeight >= scrollTop &&
    (before.activeIndex + 1) * rowHeight <= scrollTop + before.viewport;
  const follow = cursorMoved || (before.activeIndex !== now.activeIndex && wasInView);
  return scrollToShow(scrollTop, follow ? now.activeIndex : -1, rowHeight, now.viewport, now.rowCount);
}

export function VirtualList(props: VirtualListProps) {
  const { rowCount, rowHeight, activeIndex, renderRow, overscan = 8 } = props;
  const scroller = useRef<HTMLDivElement | null>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(600);
  // What the list last followed: the cursor row's identity and index, the row count and the window height.
  const [followed, setFollowed] = useState<Followed>({ activeKey: null, activeIndex: -2, rowCount: -1, viewport: -1 });
  const frame = useRef(0);
  const shownTop = useRef(0);
  // When the last fling step happened (performance.now()), 0 when showing full rows; and the last key jump's time.
  const [fastAt, setFastAt] = useState(0);
  const [keyJumpAt, setKeyJumpAt] = useState(-Infinity);
  // True from a page key's first auto-repeat to its release: skimming, whatever the time between repeats.
  const pageKeyHeld = useRef(false);
  const viewportRef = useRef(viewport);
  // The scroll handler (created once) reads the latest viewport; written here so it is never a frame behind.
  // eslint-disable-next-line react-hooks/refs -- a latest-value ref, read only outside render
  viewportRef.current = viewport;
  const slots = useRef<SlotAssignment>(new Map());

  const ownerRef = useRef(props.listRef);
  // eslint-disable-next-line react-hooks/refs -- a latest-value ref, read only in the ref callback
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

  // Worked out in this same render, as React allows for state derived from props.
  const activeKey = activeIndex >= 0 ? (props.rowKey?.(activeIndex) ?? activeIndex) : null;
  let top = scrollTop;
  if (
    followed.activeKey !== activeKey ||
    followed.activeIndex !== activeIndex ||
    followed.rowCount !== rowCount ||
    followed.viewport !== viewport
  ) {
    top = nextScrollTop(followed, { activeKey, activeIndex, rowCount, viewport }, scrollTop, rowHeight);
    setFollowed({ activeKey, activeIndex, rowCount, viewport });
    if (followed.activeKey !== activeKey && followed.activeKey !== null) {
      // A key moved the cursor. A page jump soon after another is skimming; anything else is reading
      // again, so full rows now rather than when the settle timer ends.
      // eslint-disable-next-line react-hooks/purity -- the render that follows a key is when the key's time is known
      const now = performance.now();
      const jump = isPageJump(top - scrollTop, viewport);
      // eslint-disable-next-line react-hooks/refs -- set by key events, which always come before the render they cause
      if (jump && (pageKeyHeld.current || now - keyJumpAt < KEY_FLING_MS)) setFastAt(now);
      else if (fastAt !== 0) setFastAt(0);
      if (jump) setKeyJumpAt(now);
    }
    if (top !== scrollTop) setScrollTop(top);
  }

  useEffect(() => {
    const isPageKey = (event: KeyboardEvent) => event.key === 'PageDown' || event.key === 'PageUp';
    const down = (event: KeyboardEvent) => {
      if (isPageKey(event)) pageKeyHeld.current = event.repeat;
    };
    const up = (event: KeyboardEvent) => {
      if (isPageKey(event)) pageKeyHeld.current = false;
    };
    window.addEventListener('keydown', down, true);
    window.addEventListener('keyup', up, true);
    return () => {
      window.removeEventListener('keydown', down, true);
      window.removeEventListener('keyup', up, true);
    };
  }, []);

  // The DOM follows the state, written only (reading scrollTop back would force a layout mid-frame).
  useLayoutEffect(() => {
    const element = scroller.current;
    if (element === null || shownTop.current === scrollTop) return;
    shownTop.current = scrollTop;
    element.scrollTop = scrollTop;
  }, [scrollTop]);

  // Wheel and scrollbar: one state update per animation frame however fast the wheel spins.
  const onScroll = useCallback(() => {
    if (frame.current !== 0) return;
    frame.current = requestAnimationFrame(() => {
      frame.current = 0;
      const element = scroller.current;
      if (element === null || element.scrollTop === shownTop.current) return;
      if (isFlingStep(element.scrollTop - shownTop.current, viewportRef.current)) setFastAt(performance.now());
      shownTop.current = element.scrollTop;
      setScrollTop(element.scrollTop);
    });
  }, []);
  useEffect(() => () => cancelAnimationFrame(frame.current), []);
  // Every fling step restarts the wait for full rows.
  useEffect(() => {
    if (fastAt === 0) return;
    const settle = setTimeout(() => setFastAt(0), FLING_SETTLE_MS);
    return () => clearTimeout(settle);
  }, [fastAt]);

  const first = Math.max(0, Math.floor(top / rowHeight) - overscan);
  const last = Math.min(rowCount - 1, Math.ceil((top + viewport) / rowHeight) + overscan);
  const identities: Key[] = [];
  for (let index = first; index <= last; index++) identities.push(props.rowKey?.(index) ?? index);
  // Which element each row reuses depends on the last committed assignment: reading it in render is the point
  // (row-slots.ts); it is written back only in a layout effect, after the commit.
  // eslint-disable-next-line react-hooks/refs -- read the committed slots, never written during render
  const assignment = assignSlots(identities, slots.current);
  useLayoutEffect(() => {
    slots.current = assignment;
  });

  // Children in slot order, not row order: the rows are placed by transform, so the DOM order is free, and keeping
  // it fixed means React never moves an element (a moved element is laid out and painted again from scratch).
  const rows: ReactNode[] = [];
  for (let index = first; index <= last; index++) {
    const slot = assignment.get(identities[index - first] as Key) ?? index - first;
    rows[slot] = (
      <div key={slot} className="vrow" style={{ transform: `translateY(${index * rowHeight}px)`, height: rowHeight }}>
        {renderRow(index)}
      </div>
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
      data-fast={fastAt !== 0 ? 'true' : undefined}
    >
      <div className="vlist-spacer" style={{ height: rowCount * rowHeight }} />
      <div className="vlist-rows">{rows.filter((row) => row !== undefined)}</div>
    </div>
  );
}
