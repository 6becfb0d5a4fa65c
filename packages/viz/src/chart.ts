import { axisBottom, axisLeft, line, scaleLinear, scaleLog, select } from 'd3';
import { mmcAnalytic } from '@stormglass/sim-core';
import type { QueueReport } from '@stormglass/scenarios';

const WIDTH = 640;
const HEIGHT = 300;
const MARGIN = { top: 12, right: 16, bottom: 40, left: 64 };
// Okabe–Ito: colour-blind-safe.
const COLOR_ANALYTIC = '#0072B2';
const COLOR_SIMULATED = '#D55E00';

/** Mean wait (as a multiple of the service time) against utilisation: Erlang C and the simulated points. */
export function drawChart(svgElement: SVGSVGElement, report: QueueReport): void {
  const p = report.parameters;
  const svg = select(svgElement).attr('viewBox', `0 0 ${WIDTH} ${HEIGHT}`);
  svg.selectAll('*').remove();
  const x = scaleLinear().domain([0, 1]).range([MARGIN.left, WIDTH - MARGIN.right]);
  const y = scaleLog().domain([1e-4, 100]).range([HEIGHT - MARGIN.bottom, MARGIN.top]).clamp(true);
  const curve: [number, number][] = [];
  for (let u = 0.02; u < 0.99; u += 0.005) {
    const analytic = mmcAnalytic({ servers: p.servers, arrivalRatePerS: (u * p.servers * 1000) / p.serviceMeanMs, serviceMeanS: p.serviceMeanMs / 1000 });
    curve.push([u, analytic.meanWaitS / (p.serviceMeanMs / 1000)]);
  }
  svg.append('g').attr('transform', `translate(0,${HEIGHT - MARGIN.bottom})`).call(axisBottom(x).ticks(10, '.0%'));
  svg.append('g').attr('transform', `translate(${MARGIN.left},0)`).call(axisLeft(y).ticks(6, '~g'));
  svg.append('text').attr('x', (MARGIN.left + WIDTH - MARGIN.right) / 2).attr('y', HEIGHT - 6).attr('text-anchor', 'middle').attr('class', 'axis-label').text('utilisation');
  svg.append('text').attr('transform', `translate(14,${(HEIGHT - MARGIN.bottom + MARGIN.top) / 2}) rotate(-90)`).attr('text-anchor', 'middle').attr('class', 'axis-label').text('mean wait ÷ service time');
  svg
    .append('path')
    .datum(curve)
    .attr('fill', 'none')
    .attr('stroke', COLOR_ANALYTIC)
    .attr('stroke-width', 2)
    .attr('d', line<[number, number]>().defined((d) => d[1] >= 1e-4).x((d) => x(d[0])).y((d) => y(d[1])));
  const points = [...report.sweep.map((r) => ({ u: r.utilisation, wait: r.meanWaitMs, current: false })), { u: p.utilisation, wait: report.simulated.meanWaitMs, current: true }];
  svg
    .append('g')
    .selectAll('circle')
    .data(points)
    .join('circle')
    .attr('cx', (d) => x(d.u))
    .attr('cy', (d) => y(Math.max(d.wait / p.serviceMeanMs, 1e-4)))
    .attr('r', (d) => (d.current ? 7 : 4.5))
    .attr('fill', (d) => (d.current ? COLOR_SIMULATED : 'white'))
    .attr('stroke', COLOR_SIMULATED)
    .attr('stroke-width', 2);
  const legend = svg.append('g').attr('transform', `translate(${MARGIN.left + 12},${MARGIN.top + 8})`);
  legend.append('line').attr('x2', 22).attr('stroke', COLOR_ANALYTIC).attr('stroke-width', 2);
  legend.append('text').attr('x', 28).attr('dy', '0.32em').text('Erlang C');
  legend.append('circle').attr('cx', 11).attr('cy', 20).attr('r', 5).attr('fill', COLOR_SIMULATED);
  legend.append('text').attr('x', 28).attr('y', 20).attr('dy', '0.32em').text('simulated (this run and the sweep)');
}
