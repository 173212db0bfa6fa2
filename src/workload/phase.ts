/**
 * A resolved workload phase: one of the generators' own settings types, told apart by `type`.
 */
import type { ChurnPhase } from './churn.js';
import type { CleanupPhase } from './cleanup.js';
import type { IsolatedPhase } from './isolated.js';
import type { PanningPhase } from './panning.js';
import type { ReplayPhase } from './replay.js';
import type { StormPhase } from './storm.js';

export type ResolvedPhase = IsolatedPhase | PanningPhase | StormPhase | CleanupPhase | ChurnPhase | ReplayPhase;
export type PhaseType = ResolvedPhase['type'];

export type { ChurnPhase, CleanupPhase, IsolatedPhase, PanningPhase, ReplayPhase, StormPhase };
