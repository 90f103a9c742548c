// A raw Autobase writer, for suites of Autobase-based apps: it joins a base by its key, on a swarm of its
// own, and appends whatever values a test wants (an honest member's, a hostile one's, bytes that are not
// JSON). It knows no kata: which of its values add a writer is the suite's to say.
import Autobase from 'autobase'
import Corestore from 'corestore'
import type { KataContext } from './context.ts'

export interface RawWriter {
  /** The base's key (hex): the creator's writer key (its own, when it made the base). */
  readonly key: string
  /** Its own writer key (hex): what a member of the base adds for it to write. */
  readonly writerKey: string
  /** Whether its base takes its nodes now (someone added it). */
  writable (): boolean
  /** Appends values, all at once: Buffers as they are, anything else as JSON. */
  write (...values: unknown[]): Promise<void>
}

export interface RawWriterOptions {
  /**
   * The writer key (hex) a value adds, or null: its own apply follows those adds, so that it learns it was
   * added. An add of the base's own key is never followed (it would leave its base without an indexer).
   */
  adds?: (value: unknown) => string | null
}

const HEX_KEY = /^[0-9a-f]{64}$/

/** Joins the base named by `key`, or, with `key` null, makes a new one: it is then its creator, and writable at once. */
export async function rawAutobaseWriter (k: KataContext, key: string | null, opts: RawWriterOptions = {}): Promise<RawWriter> {
  const store = new Corestore(await k.tmp())
  const base = new Autobase<unknown, Buffer>(store, key === null ? null : Buffer.from(key, 'hex'), {
    fastForward: false,
    open: (viewStore) => viewStore.get('raw'),
    apply: async (nodes, _view, host) => {
      for (const node of nodes) {
        let value: unknown
        try { value = JSON.parse(node.value.toString()) } catch { continue }
        const added = opts.adds?.(value)
        if (typeof added === 'string' && HEX_KEY.test(added) && added !== host.key.toString('hex')) {
          await host.addWriter(Buffer.from(added, 'hex'), { indexer: false })
        }
      }
    }
  })
  base.on('error', () => {})
  k.teardown(async () => { await base.close(); await store.close() })
  await k.step('the raw writer\'s base', base.ready())
  const swarm = await k.swarm()
  swarm.on('connection', (socket) => { socket.on('error', () => {}); base.replicate(socket) })
  await k.step('the raw writer joining the base\'s topic', swarm.join(base.discoveryKey, { server: true, client: true }).flushed())
  return {
    key: base.key.toString('hex'),
    writerKey: base.local.key.toString('hex'),
    writable: () => base.writable,
    write: (...values) => k.step('the raw writer appending', async () => {
      await base.append(values.map((v) => Buffer.isBuffer(v) ? v : Buffer.from(JSON.stringify(v))))
    })
  }
}
