// A laptop's status, gathered from the dojo's state file (the runner keeps every run there) and the kata
// folders: where the pair stands, never what it wrote.
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { listKatas, type Kata } from '../runner/katas.ts'
import { fingerprint } from '../runner/records.ts'
import { stubsUntouched } from '../runner/shipped.ts'
import { loadState, type KataStatus, type State } from '../runner/state.ts'
import { loadSetting, saveTracking, type Tracking } from './settings.ts'
import type { Status } from './status.ts'

function kataState (kata: Kata, state: State): KataStatus {
  if (stubsUntouched(kata) === true) return 'not-started'
  const saved = state.results[kata.name]
  if (!saved) return 'red'
  // A kata edited since its last run keeps that run's status until it runs again.
  return saved.fingerprint === fingerprint(kata) || saved.status !== 'not-started' ? saved.status : 'red'
}

function hintCount (kata: Kata): number {
  const file = path.join(kata.dir, 'hints.md')
  return existsSync(file) ? (readFileSync(file, 'utf8').match(/^## Hint \d+/gm) ?? []).length : 0
}

/**
 * The status to publish now. `on`: the kata the pair is on (watch mode's, or the one npm test just ran);
 * default: the one watch mode last showed, or the first not green.
 */
export function collectStatus (name: string, on?: Kata, now = Date.now(), katas = listKatas()): Status {
  const state = loadState()
  const states = new Map(katas.map((k) => [k, kataState(k, state)]))
  // By name: `on` may come from another listing, whose Kata objects are not this map's keys.
  const current = katas.find((k) => k.name === (on?.name ?? state.current)) ?? katas.find((k) => states.get(k) !== 'green') ?? katas[katas.length - 1]
  const saved = state.results[current.name]
  const failing = states.get(current) === 'red' ? saved?.failing?.slice(0, 200) : undefined
  const track = updateTracking(loadSetting(state)?.track, current.number, failing, now)
  return {
    v: 1,
    name,
    kata: current.number,
    katas: Object.fromEntries(katas.slice(0, 40).map((k) => [k.number, states.get(k)!])),
    passed: saved?.passed ?? 0,
    total: Math.max(saved?.total ?? 0, saved?.passed ?? 0),
    ...(failing ? { failing: clean(failing), failingFor: Math.round((now - track.failingSince!) / 1000) } : {}),
    hint: state.hints[current.name] ?? 0,
    hints: hintCount(current),
    onKata: Math.round((now - track.kataSince) / 1000),
    at: now
  }
}

/** When the pair came to this kata and to this failing test (kept in the state file between runs). */
function updateTracking (track: Tracking | undefined, kata: string, failing: string | undefined, now: number): Tracking {
  const next: Tracking = track?.kata === kata ? { ...track } : { kata, kataSince: now }
  if (!failing) delete next.failing
  if (failing && next.failing !== failing) next.failingSince = now
  if (failing) next.failing = failing
  if (!failing) delete next.failingSince
  saveTracking(next)
  return next
}

/** A test title is one line of text: no control or bidi characters go out. */
function clean (text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/g, ' ').trim() || '(untitled test)'
}
