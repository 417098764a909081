/**
 * The week-by-week noise trend, drawn by uPlot on a canvas: volume (occurrences a week, left axis) and the shares
 * classified actionable and suppressed (right axis, percent). uPlot because it is ~50 kB, draws from typed arrays in
 * a few milliseconds, and needs neither eval nor injected style sheets, so it runs under the renderer's CSP; its own
 * styles are a static CSS file bundled with ours (docs/ARCHITECTURE.md, "The noise view").
 */
import { useEffect, useRef, useState } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { NoiseTrend } from '../../../shared/noise.ts';

const HEIGHT = 200;
/** The theme's colours (renderer/styles/theme.css): canvas strokes cannot read CSS variables. */
const COLOURS = { volume: '#5ea2ff', actionable: '#4fc98e', suppressed: '#b69cff', axis: '#8a93a3', grid: '#2a303c' };

function options(width: number): uPlot.Options {
  const axis = { stroke: COLOURS.axis, grid: { stroke: COLOURS.grid, width: 1 }, ticks: { stroke: COLOURS.grid } };
  return {
    width,
    height: HEIGHT,
    // Weeks, not instants: the x values are Monday 00:00 UTC in seconds.
    scales: {
      x: { time: true },
      count: { range: (_self, _min, max) => [0, Math.max(1, max) * 1.1] },
      pct: { range: [0, 100] },
    },
    axes: [
      {
        ...axis,
        // One tick a week, on its Monday: uPlot's own time ticks fall between the weeks.
        splits: (self) => [...(self.data[0] ?? [])],
        values: (_self, ticks) => ticks.map((tick) => new Date(tick * 1000).toISOString().slice(5, 10)),
      },
      { ...axis, scale: 'count', values: (_self, ticks) => ticks.map((tick) => tick.toLocaleString()), size: 60 },
      {
        ...axis,
        scale: 'pct',
        side: 1,
        values: (_self, ticks) => ticks.map((tick) => `${tick}%`),
        grid: { show: false },
      },
    ],
    series: [
      {
        label: 'Week of',
        value: (_self, value) => (value === null ? '' : new Date(value * 1000).toISOString().slice(0, 10)),
      },
      {
        label: 'Volume',
        scale: 'count',
        stroke: COLOURS.volume,
        fill: 'rgba(94, 162, 255, 0.12)',
        width: 2,
        value: (_self, value) => (value === null ? '' : value.toLocaleString()),
      },
      {
        label: 'Actionable',
        scale: 'pct',
        stroke: COLOURS.actionable,
        width: 2,
        value: (_self, value) => (value === null ? '' : `${value.toFixed(1)}%`),
      },
      {
        label: 'Suppressed',
        scale: 'pct',
        stroke: COLOURS.suppressed,
        width: 2,
        dash: [6, 4],
        value: (_self, value) => (value === null ? '' : `${value.toFixed(1)}%`),
      },
    ],
    legend: { show: true },
    cursor: { drag: { x: false, y: false } },
  };
}

function chartData(trend: NoiseTrend): uPlot.AlignedData {
  const weeks = trend.weeks;
  return [
    Float64Array.from(weeks, (week) => Date.parse(week.weekStart) / 1000),
    Float64Array.from(weeks, (week) => week.occurrences),
    Float64Array.from(weeks, (week) => week.actionableShare * 100),
    Float64Array.from(weeks, (week) => week.suppressedShare * 100),
  ];
}

/** The chart, as wide as its box; drawn again when the trend or the box's width changes. */
export function TrendChart({ trend }: { trend: NoiseTrend }) {
  const box = useRef<HTMLDivElement | null>(null);
  const [width, setWidth] = useState(0);

  useEffect(() => {
    const element = box.current;
    if (element === null) return;
    setWidth(Math.floor(element.clientWidth));
    const observer = new ResizeObserver(() => setWidth(Math.floor(element.clientWidth)));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    const element = box.current;
    if (element === null || width === 0 || trend.weeks.length === 0) return;
    const plot = new uPlot(options(width), chartData(trend), element);
    return () => plot.destroy();
  }, [trend, width]);

  return <div ref={box} className="noise-chart" aria-hidden="true" data-weeks={trend.weeks.length} />;
}
