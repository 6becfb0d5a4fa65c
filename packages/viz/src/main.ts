import './style.css';
import { catalogQueueBasics, formatDifference, formatMs } from '@stormglass/scenarios';
import type { QueueFigures, QueueParameters, QueueReport } from '@stormglass/scenarios';
import { drawChart } from './chart.js';
import type { ModelConfig, ModelResult } from '@stormglass/sim-core';
import type { ModelRunRequest, ModelRunResponse, RunRequest, RunResponse } from './protocol.js';
import { readState, writeState } from './url-state.js';
import type { PageState } from './url-state.js';

/** What tests (and curious people) can read: `window.__stormglass`. */
interface TestHook {
  ready: boolean;
  runs: number;
  digest: string | null;
  report: QueueReport | null;
  error: string | null;
  /** Runs a request-level model config in a worker (for the cross-runtime determinism test). */
  runModel: (config: ModelConfig) => Promise<ModelResult>;
  /** Loads a scenario file's text in a worker and runs it: the loaded config and the result. */
  runScenario: (text: string, file: string, sets: string[]) => Promise<{ config: ModelConfig; result: ModelResult }>;
}

declare global {
  interface Window {
    __stormglass: TestHook;
  }
}

const hook: TestHook = {
  ready: false,
  runs: 0,
  digest: null,
  report: null,
  error: null,
  runModel: (config) => inModelWorker({ id: 1, config }).then((answer) => answer.result),
  runScenario: (text, file, sets) => inModelWorker({ id: 1, scenario: { text, file, sets } }),
};
window.__stormglass = hook;

/** One worker per call: a model run is long and rare, and a fresh worker has no state to leak. */
function inModelWorker(request: ModelRunRequest): Promise<{ config: ModelConfig; result: ModelResult }> {
  return new Promise((resolve, reject) => {
    const modelWorker = new Worker(new URL('./model.worker.ts', import.meta.url), { type: 'module' });
    modelWorker.onmessage = (event: MessageEvent<ModelRunResponse>) => {
      modelWorker.terminate();
      if (event.data.ok) resolve({ config: event.data.config, result: event.data.result });
      else reject(new Error(event.data.error));
    };
    modelWorker.onerror = (event) => {
      modelWorker.terminate();
      reject(new Error(event.message));
    };
    modelWorker.postMessage(request);
  });
}

const lesson = catalogQueueBasics;
const DEFAULTS: PageState = {
  servers: lesson.defaults.servers,
  utilisation: lesson.defaults.utilisation,
  serviceMeanMs: 100,
  seed: lesson.defaults.seed,
  // Fewer customers than the CLI's default keep a slider move well under a second.
  customers: 50_000,
};
const DEBOUNCE_MS = 120;

const byId = <T extends HTMLElement>(id: string): T => {
  const element = document.getElementById(id);
  if (element === null) throw new Error(`missing #${id} in index.html`);
  return element as T;
};

const inputs = {
  servers: byId<HTMLInputElement>('servers'),
  utilisation: byId<HTMLInputElement>('utilisation'),
  service: byId<HTMLInputElement>('service'),
  seed: byId<HTMLInputElement>('seed'),
};
const outputs = {
  servers: byId<HTMLOutputElement>('servers-out'),
  utilisation: byId<HTMLOutputElement>('utilisation-out'),
  service: byId<HTMLOutputElement>('service-out'),
};
const status = byId<HTMLParagraphElement>('status');

let state = readState(location.hash, DEFAULTS);
let worker: Worker | null = null;
let requestId = 0;
let inFlight = false;
let debounce: ReturnType<typeof setTimeout> | undefined;

byId('lesson-title').textContent = lesson.title;
byId('lesson').replaceChildren(...lesson.lesson.map((text) => Object.assign(document.createElement('li'), { textContent: text })));

function showState(): void {
  inputs.servers.value = String(state.servers);
  inputs.utilisation.value = String(state.utilisation);
  inputs.service.value = String(state.serviceMeanMs);
  inputs.seed.value = String(state.seed);
  outputs.servers.textContent = String(state.servers);
  outputs.utilisation.textContent = `${Math.round(state.utilisation * 100)}%`;
  outputs.service.textContent = `${state.serviceMeanMs} ms`;
}

function parametersOf(s: PageState): QueueParameters {
  const serviceMeanUs = s.serviceMeanMs * 1000;
  return {
    servers: s.servers,
    serviceMeanUs,
    arrivalRatePerS: (s.utilisation * s.servers * 1e6) / serviceMeanUs,
    customers: s.customers,
    seed: s.seed,
    start: 'steady',
    sweepUtilisations: [...lesson.sweepUtilisations],
  };
}

/** Starts a run; a run still in flight is stale, so its worker is stopped, not waited for. */
function run(): void {
  if (inFlight && worker !== null) {
    worker.terminate();
    worker = null;
  }
  if (worker === null) {
    worker = new Worker(new URL('./sim.worker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = (event: MessageEvent<RunResponse>) => receive(event.data);
    worker.onerror = (event) => {
      inFlight = false;
      hook.error = event.message;
      status.textContent = `The simulation stopped: ${event.message}`;
    };
  }
  hook.ready = false;
  inFlight = true;
  status.textContent = 'running…';
  document.body.classList.add('running');
  const request: RunRequest = { id: ++requestId, parameters: parametersOf(state) };
  worker.postMessage(request);
}

function receive(response: RunResponse): void {
  if (response.id !== requestId) return; // an answer to a question nobody asks any more
  inFlight = false;
  document.body.classList.remove('running');
  if (!response.ok) {
    hook.error = response.error;
    status.textContent = response.error;
    return;
  }
  const report = response.report;
  render(report);
  hook.runs++;
  hook.report = report;
  hook.digest = report.digest;
  hook.error = null;
  hook.ready = true;
  status.textContent = `seed ${report.seed} · ${report.run.events.toLocaleString('en-US')} events · digest ${report.digest}`;
}

function render(report: QueueReport): void {
  const s = report.simulated;
  const a = report.analytic;
  const rows: [string, (f: QueueFigures) => number, (v: number) => string][] = [
    ['utilisation', (f) => f.utilisation, (v) => v.toFixed(3)],
    ['P(wait > 0)', (f) => f.probabilityWait, (v) => v.toFixed(3)],
    ['mean wait', (f) => f.meanWaitMs, formatMs],
    ['mean time in system', (f) => f.meanResponseMs, formatMs],
    ['p50 time in system', (f) => f.p50ResponseMs, formatMs],
    ['p99 time in system', (f) => f.p99ResponseMs, formatMs],
    ['p99 wait', (f) => f.p99WaitMs, formatMs],
  ];
  const body = document.querySelector('#figures tbody');
  if (body === null) return;
  body.replaceChildren(
    ...rows.map(([label, pick, show]) => {
      const tr = document.createElement('tr');
      const cells = [label, show(pick(s)), a ? show(pick(a)) : '—', a ? formatDifference(pick(s), pick(a)) : '—'];
      cells.forEach((text, i) => {
        const cell = document.createElement(i === 0 ? 'th' : 'td');
        if (i === 0) cell.setAttribute('scope', 'row');
        cell.textContent = text;
        tr.append(cell);
      });
      return tr;
    }),
  );
  const little = report.littlesLaw;
  byId('meta').textContent =
    `One run of ${report.parameters.customers.toLocaleString('en-US')} customers, so its figures move with the seed; Erlang C is the long-run average. Little's law: L = ${little.meanInSystem.toFixed(3)} vs λW = ${little.arrivalRateTimesMeanResponse.toFixed(3)}`;
  drawChart(byId<HTMLElement>('chart') as unknown as SVGSVGElement, report);
}

function onInput(): void {
  const next: PageState = {
    ...state,
    servers: Number(inputs.servers.value),
    utilisation: Number(inputs.utilisation.value),
    serviceMeanMs: Number(inputs.service.value),
    seed: Number.isSafeInteger(Number(inputs.seed.value)) ? Number(inputs.seed.value) : state.seed,
  };
  state = readState(writeState(next), DEFAULTS); // clamps anything out of range
  showState();
  history.replaceState(null, '', writeState(state));
  clearTimeout(debounce);
  debounce = setTimeout(run, DEBOUNCE_MS);
}

for (const input of Object.values(inputs)) input.addEventListener('input', onInput);
window.addEventListener('hashchange', () => {
  state = readState(location.hash, DEFAULTS);
  showState();
  run();
});

showState();
run();
