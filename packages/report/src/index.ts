// The HTML report: pure rendering of run, compare and explore documents into one self-contained
// file (inline styles, inline SVG, the data embedded as JSON). No DOM and no Node built-ins, so
// the visualizer can draw the same charts in the browser.
export { BUCKETS_MAX, MARKERS_MAX, timelineOf } from './timeline.js';
export type { ServingSeries, Timeline, TimelineEvent, TimelineFault, UserSeries } from './timeline.js';
export { FIGURES, compareFigures, interval, showDelta, showInterval, t95, targetMatrix } from './comparison.js';
export type { Figure, FigureComparison, Interval, TargetRow } from './comparison.js';
export { paretoFront, shortSets } from './pareto.js';
export type { DesignPoint } from './pareto.js';
export { PALETTE, clock, colorOf, dashOf, histogram, intervalStrip, scatterChart, stackedBar, timeChart, timeTicks } from './charts.js';
export type { HistogramSpec, IntervalPoint, ScatterPoint, ScatterSpec, StackPart, TimeBand, TimeChartSpec, TimeMarker, TimeSeries } from './charts.js';
export { escapeHtml, scriptJson } from './markup.js';
export { renderRunHtml } from './run-view.js';
export type { RunDocument } from './run-view.js';
export { renderCompareHtml, renderExploreHtml } from './compare-view.js';
export type { CompareDesign, CompareDocument, ExploreDocument } from './compare-view.js';
export { SWEEP_FIGURES, distributions, quantile } from './distribution.js';
export type { FigureDistribution, SweepFigure, SweepRow } from './distribution.js';
export { renderSweepHtml } from './sweep-view.js';
export type { SweepDocument } from './sweep-view.js';
