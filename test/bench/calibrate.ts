/**
 * The full calibration of issue 7: isolated, panning and storm, each shortened to 20 s with 2,000
 * users, on the virtual clock and then on the real clock with the same seed. Prints each comparison
 * and a closing table of the worst figures; the results go into docs/fidelity.md.
 *
 * Real-clock figures depend on the machine being otherwise idle: the load average is printed
 * before each real run, and a busy machine delays real timers (see docs/fidelity.md).
 * CALIBRATE_SCENARIOS=storm runs one; CALIBRATE_DURATION and CALIBRATE_USERS change the shortening;
 * CALIBRATE_REPEAT=3 calibrates each scenario three times, to show how much the real clock varies
 * from one identical run to the next (a saturated storm: a few percent on its percentiles).
 */
import { loadavg } from 'node:os';
import { formatCalibrationReport } from '../../src/calibrate/calibration-table.js';
import { runCalibration, type CalibrationReport } from '../../src/calibrate/run-calibration.js';
import { runScenario } from '../../src/engine/run-scenario.js';
import { loadScenarioFile } from '../../src/scenario/load.js';
import { findShippedScenario } from '../../src/scenario/shipped.js';
import { parseDuration } from '../../src/scenario/units.js';

const SCENARIOS = (process.env['CALIBRATE_SCENARIOS'] ?? 'isolated,panning,storm').split(',').filter((name) => name !== '');
const DURATION_MS = parseDuration(process.env['CALIBRATE_DURATION'] ?? '20s');
const USERS = Number(process.env['CALIBRATE_USERS'] ?? '2000');
const REPEAT = Math.max(1, Number(process.env['CALIBRATE_REPEAT'] ?? '1'));

function worstRow(report: CalibrationReport): string {
  const judged = report.comparison?.rows.filter((row) => row.allowance !== null) ?? [];
  const worst = judged
    .map((row) => ({ row, ratio: Math.abs(row.difference) / Math.max(row.allowance ?? 1, 1e-9) }))
    .sort((a, b) => b.ratio - a.ratio)[0];
  if (worst === undefined) return '-';
  const relative = worst.row.relativeDifference === null ? '' : ` (${(worst.row.relativeDifference * 100).toFixed(1)}%)`;
  return `${worst.row.label}: ${worst.row.virtual.toFixed(1)} vs ${worst.row.real.toFixed(1)}${relative}, ${worst.ratio.toFixed(2)}x its allowance`;
}

/** Processings and the overall percentiles, virtual / real (real - virtual in %). */
function keyFigures(report: CalibrationReport): string {
  const rows = report.comparison?.rows ?? [];
  const pick = (metric: string, label: string): string => {
    const row = rows.find((r) => r.metric === metric);
    if (row === undefined) return '';
    const relative = row.relativeDifference === null ? '' : ` (${row.relativeDifference > 0 ? '+' : ''}${(row.relativeDifference * 100).toFixed(1)}%)`;
    return `${label} ${row.virtual.toFixed(0)} / ${row.real.toFixed(0)}${relative}`;
  };
  return [pick('processings', 'processings'), pick('latency.p50', 'p50'), pick('latency.p90', 'p90'), pick('latency.p99', 'p99')]
    .filter((text) => text !== '')
    .join(', ');
}

export async function run(): Promise<void> {
  console.log(`calibration: ${SCENARIOS.join(', ')}, ${DURATION_MS / 1000} s with ${USERS} users each, virtual clock then real clock`);
  const reports: CalibrationReport[] = [];
  for (const name of SCENARIOS) {
    const path = findShippedScenario(name);
    if (path === undefined) {
      console.log(`(no shipped scenario ${name}; skipped)`);
      continue;
    }
    const scenario = loadScenarioFile(path, { durationMs: DURATION_MS, set: [`world.users.count=${USERS}`], clock: 'virtual' });
    for (let round = 1; round <= REPEAT; round++) {
      const report = await runCalibration(scenario, {
        runScenario,
        onRunStart: (clock) => {
          const [one] = loadavg();
          const of = REPEAT > 1 ? ` ${round}/${REPEAT}` : '';
          console.log(`${name}${of}: ${clock} clock (load average ${one?.toFixed(2) ?? '?'})`);
        },
      });
      console.log(`${formatCalibrationReport(report, { color: false })}\n`);
      reports.push(report);
    }
  }
  console.log('summary:');
  for (const report of reports) {
    const c = report.comparison;
    const verdict = c === null ? 'not compared' : `${c.judged - c.outside}/${c.judged} within tolerance`;
    const busy = report.realLoopBusyFraction === null ? '-' : `${(report.realLoopBusyFraction * 100).toFixed(0)}%`;
    const modelled = report.real === null ? '-' : `${(report.real.counters.cpuBusyFraction * 100).toFixed(0)}%`;
    console.log(`  ${report.scenario.name.padEnd(10)} ${verdict.padEnd(24)} real loop busy ${busy} (modelled ${modelled}); worst: ${worstRow(report)}`);
    console.log(`  ${''.padEnd(10)} ${keyFigures(report)}`);
  }
}
