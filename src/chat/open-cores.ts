// Every hypercore 11 core this process opens: corestore opens each through Hypercore.createCore. The app reads
// the signed heads of the Autobase engine's writer cores from them without reaching into the kata (whose store
// and base are its own). Installed before the chat opens; closed cores are let go.
import Hypercore from 'hypercore'
import type Core from 'hypercore/lib/core.js'

const cores = new Set<Core>()
let installed = false

export function watchCores (): void {
  if (installed) return
  installed = true
  const hypercore = Hypercore as unknown as { createCore (...args: unknown[]): Core }
  const create = hypercore.createCore
  hypercore.createCore = function (...args: unknown[]): Core {
    const core = create.apply(this, args)
    cores.add(core)
    return core
  }
}

/** The open cores, by key (hex). */
export function openCores (): Map<string, Core> {
  const open = new Map<string, Core>()
  for (const core of cores) {
    if (core.closed) cores.delete(core)
    else if (core.opened && core.header && core.state) open.set(core.header.key.toString('hex'), core)
  }
  return open
}
