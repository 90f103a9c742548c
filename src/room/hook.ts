// Where a laptop's test runs meet the room: `npm test -- … --room <key>` and `npm start -- --room <key>`
// save the room (and --name) and publish a status after each run; `--room off` leaves. The network code is
// loaded only when a room is set, so a run outside a workshop pays nothing for it.
import { UsageError } from '../cli/flags.ts'
import type { Kata } from '../runner/katas.ts'
import type { RoomPublisher as Publisher } from './publisher.ts'
import { RoomKeyError, parseRoom, type Room } from './key.ts'
import { boardName, clearSetting, loadSetting, saveSetting } from './settings.ts'

/** A bad --room or --name: a usage error of the command it was given to. */
export class RoomFlagError extends UsageError {}

const NAME = /^[^\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]{1,64}$/

/**
 * The room to report to after this flag (undefined: the saved one; "off": leave, saying so), or null.
 * A bad key or name is a RoomFlagError, before anything runs.
 */
export function resolveRoom (flag: string | undefined, name: string | undefined, say: (line: string) => void): { room: Room, name: string } | null {
  if (name !== undefined && !NAME.test(name)) throw new RoomFlagError(`bad --name ${JSON.stringify(name)}: 1 to 64 characters, no control characters`)
  if (flag === 'off') {
    say(loadSetting() ? 'room: left the room; runs are no longer reported.' : 'room: not in a room; nothing to leave.')
    clearSetting()
    return null
  }
  let room: Room
  try {
    room = parseRoom(flag ?? loadSetting()?.room ?? '')
  } catch (err) {
    if (flag === undefined && !loadSetting()) return null
    if (err instanceof RoomKeyError) throw new RoomFlagError(flag === undefined ? `the saved room is not valid (${err.message}); join again with --room <key>, or --room off` : `--room: ${err.message}`)
    throw err
  }
  const setting = flag !== undefined || name !== undefined ? saveSetting(flag ?? loadSetting()!.room, name) : loadSetting()!
  return { room, name: boardName(setting) }
}

export interface RunReporter {
  /** After the runs: one status to the room (`on`: the kata the pair is on, if the run says). */
  report (on: Kata | undefined): Promise<void>
}

/** npm test's room: checked before anything runs (a bad key is a usage error), reported after. */
export function roomForRun (flag: string | undefined, name: string | undefined, say = (line: string) => console.log(line)): RunReporter | null {
  const joined = resolveRoom(flag, name, say)
  return joined && { report: (on) => reportRuns(joined, on, say) }
}

/** npm test: after the runs, one status to the room; waits a few seconds for a board to have it. */
export async function reportRuns (joined: { room: Room, name: string }, on: Kata | undefined, say: (line: string) => void, waitMs = 5000): Promise<void> {
  const { RoomPublisher } = await import('./publisher.ts')
  const { collectStatus } = await import('./collect.ts')
  let publisher
  try {
    publisher = await RoomPublisher.open(joined.room)
  } catch (err) {
    say(/lock/i.test(firstLine(err))
      ? 'room: not reported now: another npm start or npm test on this laptop is reporting to the room; its next status includes this run.'
      : `room: not reported (${firstLine(err)}).`)
    return
  }
  try {
    await publisher.publish(collectStatus(joined.name, on))
    say(await publisher.delivered(waitMs)
      ? `room: on the board as "${joined.name}".`
      : `room: no board reached within ${waitMs / 1000} s; your status goes out with your next run.`)
  } finally {
    await publisher.close()
  }
}

/** npm start: one publisher for the whole session, a status after every run. */
export async function joinForWatch (joined: { room: Room, name: string }, say: (line: string) => void): Promise<{ report: (on: Kata) => void, close: () => Promise<void> } | null> {
  const { RoomPublisher } = await import('./publisher.ts')
  const { collectStatus } = await import('./collect.ts')
  let publisher: Publisher
  try {
    publisher = await RoomPublisher.open(joined.room)
  } catch (err) {
    say(/lock/i.test(firstLine(err))
      ? 'room: not reporting: another npm start or npm test on this laptop is reporting to the room (quit it, then start again).'
      : `room: cannot report (${firstLine(err)}).`)
    return null
  }
  say(`room: reporting each run to the room as "${joined.name}" (--room off leaves).`)
  let chain = Promise.resolve()
  return {
    report: (on) => {
      chain = chain.then(() => publisher.publish(collectStatus(joined.name, on))).then(() => {}, (err) => say(`room: status not sent (${firstLine(err)})`))
    },
    close: async () => {
      await chain
      await publisher.close()
    }
  }
}

function firstLine (err: unknown): string {
  return String((err as Error)?.message ?? err).split('\n')[0]
}
