import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatLaunchSummary, main } from '../src/index.js';
import type { LaunchReport, QueueReport, RegionLossReport } from '@stormglass/scenarios';
import type { CliIo } from '../src/index.js';

interface Captured {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process with a fixed fake clock, capturing its output. */
async function cli(...argv: string[]): Promise<Captured> {
  let stdout = '';
  let stderr = '';
  let clock = 0;
  const io: CliIo = {
    stdout: (text) => { stdout += `${text}\n`; },
    stderr: (text) => { stderr += `${text}\n`; },
    clockMs: () => (clock += 5),
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

const quick = ['--customers', '20000'];

describe('stormglass queue', () => {
  it('prints simulated figures beside Erlang C, Little\'s law and the hockey stick', async () => {
    const { code, stdout, stderr } = await cli('queue', ...quick);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain('M/M/c');
    expect(stdout).toContain('Erlang C');
    expect(stdout).toMatch(/mean wait\s+[\d.]+ ms\s+74\.6 ms/);
    expect(stdout).toContain("Little's law");
    expect(stdout).toContain('The hockey stick');
  });

  it('--json prints only a JSON report whose figures agree with Erlang C', async () => {
    const { code, stdout } = await cli('queue', '--json', '--customers', '100000', '--no-sweep');
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as QueueReport;
    expect(report.schemaVersion).toBe(1);
    expect(report.parameters).toMatchObject({ servers: 4, serviceMeanMs: 100, utilisation: 0.8, customers: 100000 });
    expect(report.analytic?.meanWaitMs).toBeCloseTo(74.554, 2);
    expect(report.simulated.utilisation).toBeCloseTo(0.8, 1);
    // A loose bound: the precise statistical checks live in sim-core's M/M/c tests.
    expect(Math.abs(report.simulated.meanWaitMs / report.analytic!.meanWaitMs - 1)).toBeLessThan(0.25);
    expect(Math.abs(report.littlesLaw.relativeError)).toBeLessThan(0.005);
    expect(report.digest).toMatch(/^[0-9a-f]{16}$/);
    expect(report.sweep).toEqual([]);
  });

  it('is deterministic: the same seed gives a byte-identical report except wall-clock figures', async () => {
    const strip = (text: string): string => {
      const report = JSON.parse(text) as QueueReport;
      return JSON.stringify({ ...report, run: { ...report.run, wallMs: 0 } });
    };
    const a = await cli('queue', '--json', ...quick, '--seed', '7');
    const b = await cli('queue', '--json', ...quick, '--seed', '7');
    const c = await cli('queue', '--json', ...quick, '--seed', '8');
    expect(strip(b.stdout)).toBe(strip(a.stdout));
    expect(strip(c.stdout)).not.toBe(strip(a.stdout));
  });

  it.each([
    [['--servers', 'abc'], 'stormglass: --servers expects a whole number, found "abc"'],
    [['--servers', '0'], 'stormglass: --servers expects a whole number from 1 to 100,000, found 0'],
    [['--service-mean', '100'], 'stormglass: --service-mean:'],
    [['--service-mean', '5mins'], 'did you mean "5m"?'],
    [['--utilisation', '1.2'], 'stormglass: utilisation 1.200 is at or above 1: the queue grows without bound'],
    [['--utilisation', 'lots'], 'stormglass: --utilisation: expected a number like 0.8 or 80%, found "lots"'],
    [['--start', 'warm'], 'stormglass: --start must be "steady" or "empty", found "warm"'],
    [['--arrival-rate', 'fast'], 'stormglass: --arrival-rate:'],
  ])('bad input %j exits 2 with a clear message and no stack trace', async (args, message) => {
    const { code, stderr, stdout } = await cli('queue', ...args);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain(message);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('an unknown command or option exits 2 with a suggestion', async () => {
    const unknownCommand = await cli('queu');
    expect(unknownCommand.code).toBe(2);
    expect(unknownCommand.stderr).toContain("unknown command 'queu'");
    expect(unknownCommand.stderr).toContain('queue');
    const unknownOption = await cli('queue', '--server', '3');
    expect(unknownOption.code).toBe(2);
    expect(unknownOption.stderr).toContain('--servers');
  });

  it('no arguments and --help print the overview and exit 0', async () => {
    const bare = await cli();
    expect(bare.code).toBe(0);
    expect(bare.stdout).toContain('stormglass queue');
    const help = await cli('queue', '--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Examples:');
  });
});

describe('stormglass launch-day', () => {
  // Two simulated minutes of launch day (before the launch, about 72,000 requests): well under a second.
  const short = ['--duration', '2m'];

  it('prints users per region, services per region and a timeline, with a notice on stderr', async () => {
    const { code, stdout, stderr } = await cli('launch-day', ...short);
    expect(code).toBe(0);
    expect(stderr).toBe('simulating 2m of launch day (≈72 k requests)…\n');
    for (const region of ['us-east', 'eu-west', 'ap-southeast']) {
      expect(stdout).toMatch(new RegExp(`\\n  ${region} +[\\d,]+ +[\\d,]+ +[\\d,]+ +[\\d,]+ +[\\d.]+% `));
      expect(stdout).toContain(`web@${region}`);
      expect(stdout).toContain(`accounts@${region}`);
    }
    expect(stdout).toContain('all regions');
    expect(stdout).toContain('Timeline (mm:ss)');
    expect(stdout).toContain('02:00 simulated');
  });

  it('--json prints only a JSON report, byte-identical for the same seed', async () => {
    const a = await cli('launch-day', ...short, '--json', '--seed', '7');
    const b = await cli('launch-day', ...short, '--json', '--seed', '7');
    const c = await cli('launch-day', ...short, '--json', '--seed', '8');
    expect(a.code).toBe(0);
    expect(a.stderr).toBe('');
    const report = JSON.parse(a.stdout) as LaunchReport;
    expect(report).toMatchObject({ schemaVersion: 1, scenario: 'launch-day', seed: 7, durationUs: 120_000_000 });
    expect(report.regions.map((r) => r.region)).toEqual(['us-east', 'eu-west', 'ap-southeast']);
    expect(report.totals.started).toBeGreaterThan(60_000);
    expect(b.stdout).toBe(a.stdout);
    expect(c.stdout).not.toBe(a.stdout);
  });

  it('shows timeline times as mm:ss', async () => {
    const report = JSON.parse((await cli('launch-day', ...short, '--json')).stdout) as LaunchReport;
    const timeline = [{ timeUs: 1_222_000_000, kind: 'health-changed' as const, subject: 'us-east', detail: 'unhealthy' }];
    expect(formatLaunchSummary({ ...report, timeline }, 0)).toMatch(/\n {2}20:22 +health-changed +us-east +unhealthy\n/);
  });

  it.each([
    [['--duration', '5mins'], 'stormglass: --duration:'],
    [['--duration', '10'], 'stormglass: --duration:'],
    [['--duration', '30s'], 'stormglass: --duration must be from 1m to 24h, found "30s"'],
    [['--seed', 'abc'], 'stormglass: --seed expects a whole number, found "abc"'],
    [['--seed', '-1'], 'stormglass: --seed expects a whole number, found "-1"'],
  ])('bad input %j exits 2 with a message naming the flag', async (args, message) => {
    const { code, stdout, stderr } = await cli('launch-day', ...args);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain(message);
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});

describe('stormglass region-loss', () => {
  // us-east lost at 1 min of a 3-minute run, before the launch: about 100,000 requests per design.
  const short = ['--outage-at', '1m', '--duration', '3m'];

  it('prints both designs side by side: RTO with its parts, RPO, lost writes, p99 and cost', async () => {
    const { code, stdout, stderr } = await cli('region-loss', ...short);
    expect(code).toBe(0);
    expect(stderr).toMatch(/^simulating 3m of launch day twice, once per design/);
    expect(stdout).toMatch(/\n {4}\s*active-active +active-passive\n/);
    for (const label of ['RTO (measured, §5)', 'detect (health checks)', 'promote', 'redirect (DNS drain)', 'RPO', 'lost writes', 'p99 latency over the run', 'of which cross-region egress', 'cost per million requests']) {
      expect(stdout).toContain(label);
    }
    expect(stdout).toContain('us-east dark at 01:00');
    expect(stdout.match(/every request and write accounted for/g)).toHaveLength(2);
  });

  it('--json is byte-identical for the same seed, and the failover parts add up', async () => {
    const a = await cli('region-loss', ...short, '--json', '--seed', '3');
    const b = await cli('region-loss', ...short, '--json', '--seed', '3');
    expect(a.code).toBe(0);
    expect(a.stderr).toBe('');
    expect(b.stdout).toBe(a.stdout);
    const report = JSON.parse(a.stdout) as RegionLossReport;
    expect(report.designs.map((d) => d.design)).toEqual(['active-active', 'active-passive']);
    const passive = report.designs[1];
    const parts = passive.rto.parts;
    expect(parts).not.toBeNull();
    expect(parts?.decideUs).toBe(30_000_000);
    expect(parts?.promoteUs).toBe(60_000_000);
    expect(parts?.redirectUs).toBe(60_000_000);
    expect(report.designs[0].rto.parts).toBeNull();
    for (const d of report.designs) expect(d.conservation).toEqual([]);
    // Both designs replicate across regions (the endpoints carry no sizes): egress is part of the cost.
    for (const d of report.designs) expect(d.egressUsd).toBeGreaterThan(0);
    for (const d of report.designs) expect(d.egressUsd).toBeLessThan(d.costUsd);
  });

  it.each([
    [['--outage-at', '3m', '--duration', '3m'], 'stormglass: --outage-at must be at least 1m before the end of the run'],
    [['--outage-at', 'soon'], 'stormglass: --outage-at:'],
    [['--duration', '1m'], 'stormglass: --duration must be from 2m to 2h, found "1m"'],
  ])('bad input %j exits 2 with a message naming the flag', async (args, message) => {
    const { code, stdout, stderr } = await cli('region-loss', ...args);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain(message);
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});

describe('the stormglass binary', () => {
  const bin = fileURLToPath(new URL('../bin/stormglass.js', import.meta.url));
  const run = (args: string[]): Promise<{ code: number; stdout: string; stderr: string }> =>
    new Promise((resolve) => {
      execFile(process.execPath, [bin, ...args], { env: { ...process.env, NO_COLOR: '1' } }, (error, stdout, stderr) => {
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
      });
    });

  it('runs from the built output and exits 0', async () => {
    const result = await run(['queue', '--customers', '5000', '--no-sweep']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Erlang C');
  });

  it('exits 2 on bad input', async () => {
    const result = await run(['queue', '--servers', '-3']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--servers');
  });
});
