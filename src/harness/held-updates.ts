// Autobase's 'update' events held back, for a test of code that must resolve when its own entry is applied
// rather than after a time: while the hold lasts, a chat that reads its view only on 'update' reads nothing,
// and a timer of any plausible length runs out first. Nothing is faked: every held event is told after.
import { createRequire } from 'node:module'
import { settlesWithin, type Held } from './held-announce.ts'

type Emit = (this: object, event: string | symbol, ...args: unknown[]) => boolean

/** Runs `work` while no Autobase in the process tells 'update'; after it settles (or `ms` pass) each base held is told once. */
export async function onHeldAutobaseUpdates<T> (work: () => Promise<T>, ms = 2000): Promise<Held<T>> {
  const proto = createRequire(import.meta.url)('autobase').prototype as { emit: Emit }
  if (typeof proto?.emit !== 'function') throw new Error('autobase has no emit: the harness does not know this version of autobase')
  const own = Object.prototype.hasOwnProperty.call(proto, 'emit')
  const emit = proto.emit
  const held = new Set<object>()
  proto.emit = function (event, ...args) {
    if (event !== 'update') return emit.call(this, event, ...args)
    held.add(this)
    return true
  }
  const outcome = await settlesWithin(work, ms)
  if (own) proto.emit = emit
  else delete (proto as Partial<typeof proto>).emit
  for (const base of held) emit.call(base, 'update')
  return outcome
}
