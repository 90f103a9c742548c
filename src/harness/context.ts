// What a kata test receives besides brittle's `t`: temp storage, a private testnet,
// and named, bounded waits that all clean up after the test.
import type { Test } from 'brittle'
import Hypercore from 'hypercore'
import type DHT from 'hyperdht'
import type Hyperswarm from 'hyperswarm'
import NoiseSecretStream from '@hyperswarm/secret-stream'
import { Network, ORDER, type Testnet } from './network.ts'
import { DEFAULT_WAIT, Pending, once, until, within, type UntilOptions } from './wait.ts'

interface Closable { close (): unknown }

export class KataContext {
  private readonly network: Network

  constructor (private readonly t: Test, readonly pending: Pending, private readonly wait = DEFAULT_WAIT) {
    this.network = new Network((fn, order) => t.teardown(fn, { order }))
  }

  /** What an error thrown in a callback means, for errors a package throws in its own code (see explainStray). */
  readonly strays: Array<{ pattern: RegExp, meaning: string }> = []

  /**
   * While this test runs, an error thrown in a callback (or by a call the test awaits) whose message matches `pattern` fails it with
   * `meaning` first: for a mistake whose first symptom is a package's own error, with no line of the kata in it.
   */
  explainStray (pattern: RegExp, meaning: string): void {
    this.strays.push({ pattern, meaning })
  }

  /** A fresh empty directory, removed after the test. */
  tmp (): Promise<string> {
    return this.t.tmp()
  }

  /** A ready hypercore in a fresh temp dir (JSON entries unless `opts` say otherwise), closed after the test. */
  async hypercore (opts: Hypercore.HypercoreOptions = {}): Promise<Hypercore> {
    const core = this.closes(new Hypercore(await this.tmp(), { valueEncoding: 'json', ...opts }))
    await this.step('opening a hypercore', core.ready())
    return core
  }

  /** This test's private DHT testnet on 127.0.0.1. */
  testnet (): Promise<Testnet> {
    return this.network.testnet()
  }

  /** Bootstrap addresses of this test's testnet. */
  bootstrap (): Promise<Array<{ host: string, port: number }>> {
    return this.network.bootstrap()
  }

  /** A DHT node on loopback, joined to this test's testnet. */
  dht (): Promise<DHT> {
    return this.network.dht()
  }

  /** A Hyperswarm on its own loopback DHT node, destroyed after the test. */
  swarm (opts?: Parameters<Network['swarm']>[0]): Promise<Hyperswarm> {
    return this.network.swarm(opts)
  }

  /**
   * A stranger's connection to `swarm`, made without the DHT: two encrypted streams piped to each other, open
   * once their handshake is done. `ours` is what the swarm would give its 'connection' listeners (the test
   * emits it when it wants), `theirs` the stranger's end, `key` the stranger's public key (hex).
   */
  async stranger (swarm: Hyperswarm): Promise<{ ours: NoiseSecretStream, theirs: NoiseSecretStream, key: string }> {
    const keyPair = NoiseSecretStream.keyPair()
    const theirs = new NoiseSecretStream(true, null, { keyPair })
    const ours = new NoiseSecretStream(false, null, { keyPair: swarm.keyPair })
    for (const stream of [theirs, ours]) stream.on('error', () => {})
    this.teardown(() => { theirs.destroy(); ours.destroy() })
    theirs.rawStream.pipe(ours.rawStream).pipe(theirs.rawStream)
    await this.step('a connection from a stranger', ours.opened)
    return { ours, theirs, key: keyPair.publicKey.toString('hex') }
  }

  /** Awaits `work`, failing with "still waiting for <label>" if it takes longer than `ms`. */
  step<T> (label: string, work: Promise<T> | (() => Promise<T> | T), ms = this.wait): Promise<T> {
    return within(label, work, ms, this.pending)
  }

  /** Waits until `condition()` is truthy, failing with "still waiting for <label>" when time runs out. */
  until (label: string, condition: () => unknown, opts: UntilOptions = {}): Promise<void> {
    return until(label, condition, { timeout: this.wait, ...opts }, this.pending)
  }

  /** Waits for one `event` from `emitter`; resolves with the event's arguments. */
  once (emitter: NodeJS.EventEmitter, event: string, label: string, ms = this.wait): Promise<unknown[]> {
    return once(emitter, event, label, ms, this.pending)
  }

  /** Closes `resource` after the test (before swarms and the testnet go down); returns it. */
  closes<T extends Closable> (resource: T): T {
    this.teardown(() => resource.close())
    return resource
  }

  /**
   * Runs `fn` after the test, before swarms and the testnet go down. Bounded: a close that never
   * finishes (say, of something a broken implementation left half open) is reported, not waited on.
   */
  teardown (fn: () => unknown): void {
    this.t.teardown(async () => {
      try {
        await within('cleaning up after the test', async () => { await fn() }, this.wait)
      } catch (err) {
        console.log(`# teardown: ${(err as Error).message}`)
      }
    }, { order: ORDER.resource })
  }
}
