/**
 * What `batcher-sim init` writes: a small, valid scenario whose comments teach the format. A test
 * loads it with the real loader, so it cannot drift from the schema unnoticed.
 */
export const STARTER_SCENARIO = `# A batcher-sim scenario: one experiment. Run it with:  batcher-sim run <this file>
# Only \`duration\` and \`workload\` are required; every other setting has a default (shown in the
# comments). Durations take units (200ms, 5s, 2m), rates too (20/s, 3000/min), shares take % .
name: my-scenario
description: Calm traffic of isolated changes, then a ten-second storm of event updates.
seed: 1                    # same seed, same run, byte for byte
duration: 60s              # simulated time; the virtual clock runs it in about a second
# clock: virtual           # or real: wall-clock timers, to check the model against real time

batcher:
  strategy: hybrid         # hybrid, debounce, debounce-maxwait, sweep or immediate
  debounce: 200ms          # a user is processed this long after its last mark
  sweep: 5s                # ...and every dirty user at least this often
  maxBatchSize: 100        # users per sweep batch

world:
  users:
    count: 1000            # connected at the start
    # withoutViewport: 5%  # users with no viewport yet get the global feed
    # filtered: 30%        # users with filters
  events:
    count: 5000            # events in the cache at the start

costs:
  cpuPerProcessing: 0.2ms  # synchronous filtering per processed user: it blocks the event loop
  # transportLatency: 5ms  # publish plus WebSocket forward

# faults:
#   sendFailureRate: 1%    # every send fails with this probability

workload:                  # phases may overlap; each starts at \`start\` (default 0)
  - type: isolated         # sparse, independent viewport, filter and event changes
    arrival: 20/s
  - type: storm            # events created, updated, moved and deleted at a high rate
    start: 30s
    duration: 10s
    arrival: 500/s

expect:                    # checked at the end; any failure makes the run exit 1
  - latency{reason=viewport_change}.p95 < 300ms
  - latency.p99 < 5s
  - divergedClients == 0
`;
