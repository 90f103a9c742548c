// The room a laptop reports to, kept in the dojo's state file (.kata-state.json) so that every run
// reports until the pair leaves with `--room off`.
import os from 'node:os'
import { loadState, updateState, type State } from '../runner/state.ts'

export interface Tracking {
  kata: string
  kataSince: number
  failing?: string
  failingSince?: number
}

export interface RoomSetting {
  /** The room as typed: "<64 hex>" or "<64 hex>@host:port". */
  room: string
  /** The pair's name on the board. */
  name?: string
  track?: Tracking
}

type WithRoom = State & { room?: RoomSetting }

export function loadSetting (state: State = loadState()): RoomSetting | undefined {
  const room = (state as WithRoom).room
  return room && typeof room.room === 'string' ? room : undefined
}

export function saveSetting (room: string, name?: string): RoomSetting {
  let saved: RoomSetting | undefined
  updateState((state) => {
    const old = loadSetting(state)
    saved = { room, ...(name ?? old?.name ? { name: name ?? old?.name } : {}), ...(old?.room === room && old.track ? { track: old.track } : {}) }
    ;(state as WithRoom).room = saved
  })
  return saved!
}

export function clearSetting (): void {
  updateState((state) => { delete (state as WithRoom).room })
}

export function saveTracking (track: Tracking): void {
  updateState((state) => {
    const room = loadSetting(state)
    if (room) room.track = track
  })
}

/** The name on the board: --name, else the one saved, else the login name. */
export function boardName (setting?: RoomSetting): string {
  const login = os.userInfo().username
  return (setting?.name ?? login).slice(0, 64) || 'anonymous'
}
