// Every Autobase this process opens (the kata's, found without reaching into it), so that the app can ask it to
// fast-forward: a newcomer that needs a forked member's blocks waits for them for ever, since the peers that
// found the fork froze her core, and a frozen core tells no peer what it holds.
import Autobase from 'autobase'

// autobase 7.28's own call (what an apply's host.preferFastForward() makes): pinned in package.json.
interface Base { closing: unknown, _preferFastForward?: () => void }
const bases = new Set<Base>()
let installed = false

/** Finds the Autobases opened from now on (before the chat opens). */
export function watchBases (): void {
  if (installed) return
  installed = true
  const proto = (Autobase as unknown as { prototype: { _open (): Promise<void> } }).prototype
  const open = proto._open
  proto._open = function (this: Base) {
    bases.add(this)
    return open.call(this)
  }
}

/** Asks each open Autobase to fast-forward to its indexers' signed view, if it is behind it at all. */
export function preferFastForward (): void {
  for (const base of bases) {
    if (base.closing) bases.delete(base)
    else base._preferFastForward?.()
  }
}
